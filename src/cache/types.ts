/**
 * A key-value store for serialized responses. Values are opaque strings, returned byte-for-byte.
 * Implementations never reject: a failing store behaves like an empty one (get → null, set → no-op)
 * and reports through `onError`, so a cache outage can only cost speed, never a request.
 */
export type ResponseCache = {
  get(key: string): Promise<string | null>;
  /** `ttlSeconds` absent or ≤ 0: no expiry (upstream keeps entries until the version changes). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
};

/** Called once per failed operation, e.g. to count cache errors in metrics. */
export type CacheErrorHandler = (operation: "get" | "set", error: unknown) => void;

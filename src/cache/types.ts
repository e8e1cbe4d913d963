/**
 * A key-value store for serialized responses. Values are opaque strings, returned byte-for-byte.
 * Implementations never reject: a failing store behaves like an empty one (get → null, set → no-op)
 * and reports through `onError`, so a cache outage can only cost speed, never a request.
 */
export type ResponseCache = {
  /**
   * `compressed` stores hold base64(gzip(body)) like upstream's Redis entries (network and memory
   * of a shared store); `plain` in-process stores keep the body itself, since decoding on every hit
   * would cost more than the request.
   */
  readonly encoding?: "compressed" | "plain";
  /** Caching is off: the response cache middleware steps aside (no copy of the body, no encoding). */
  readonly disabled?: boolean;
  get(key: string): Promise<string | null>;
  /** `ttlSeconds` absent or ≤ 0: no expiry (upstream keeps entries until the version changes). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
};

/** Called once per failed operation, e.g. to count cache errors in metrics. */
export type CacheErrorHandler = (operation: "get" | "set", error: unknown) => void;

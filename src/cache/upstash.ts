import { upstashRedis } from "../lib/upstash-redis.ts";
import type { CacheErrorHandler, ResponseCache } from "./types.ts";

export type UpstashCacheOptions = {
  url: string;
  token: string;
  /** Bound on every call; past it the cache counts as a miss. */
  timeoutMs?: number;
  onError?: CacheErrorHandler;
};

class CacheTimeoutError extends Error {}

/**
 * Upstash Redis (REST) as the response cache. Built so an outage never stalls or fails a request:
 * no retries (the SDK retries network errors 5× with backoff), every call raced against a short
 * timeout and its fetch aborted, failures reported to `onError` and swallowed.
 */
export function upstashCache(options: UpstashCacheOptions): ResponseCache {
  const timeoutMs = options.timeoutMs ?? 250;
  const redis = upstashRedis({ url: options.url, token: options.token, timeoutMs, retries: 0 });

  async function bounded<T>(operation: "get" | "set", call: () => Promise<T>, fallback: T): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CacheTimeoutError(`cache ${operation} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      options.onError?.(operation, error);
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get: (key) =>
      bounded(
        "get",
        async () => {
          const value = await redis.get<unknown>(key);
          if (value === null || typeof value === "string") return value;
          throw new Error(`cache get: unexpected ${typeof value} value`);
        },
        null,
      ),
    set: (key, value, ttlSeconds) =>
      bounded(
        "set",
        async () => {
          if (ttlSeconds && ttlSeconds > 0) await redis.set(key, value, { ex: Math.ceil(ttlSeconds) });
          else await redis.set(key, value);
        },
        undefined,
      ),
  };
}

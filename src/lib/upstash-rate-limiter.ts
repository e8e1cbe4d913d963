import { loadClient } from "./upstash-redis.ts";
import type { Ratelimit } from "@upstash/ratelimit";
import type { RateLimiter, RateRule } from "./rate-limiter.ts";

export type UpstashRateLimiterOptions = {
  url: string;
  token: string;
  rules: Readonly<Record<string, RateRule>>;
  /** Redis key prefix; every instance with the same prefix shares the counters. */
  prefix: string;
  /** Bound on each check; past it the request is let through. */
  timeoutMs?: number;
  /** A check that failed or timed out (the request was let through). */
  onError?: (reason: "error" | "timeout", error?: unknown) => void;
  /** Clients remembered as blocked until their window ends, answered without a Redis call. */
  maxBlocked?: number;
};

/** A Map that forgets its oldest entry when full: the library's block list must not grow without bound. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

/**
 * Counters shared by every instance through Upstash Redis (`@upstash/ratelimit`, fixed windows: one
 * Lua script per check). Never fails a request: a Redis error or a check slower than `timeoutMs`
 * lets the request through and is reported to `onError`.
 */
export function upstashRateLimiter(options: UpstashRateLimiterOptions): RateLimiter {
  const timeoutMs = options.timeoutMs ?? 250;
  // The library and the SDK load in the background (start-up pays for neither); checks made before
  // they are there wait for them, within the same bound.
  const limiters = (async () => {
    const [{ Ratelimit }, redis] = await Promise.all([
      import("@upstash/ratelimit"),
      loadClient({ url: options.url, token: options.token, timeoutMs, retries: 0 }),
    ]);
    return new Map<string, Ratelimit>(
      Object.entries(options.rules).map(([name, rule]) => [
        name,
        new Ratelimit({
          redis,
          limiter: Ratelimit.fixedWindow(rule.limit, `${rule.windowMs} ms`),
          prefix: `${options.prefix}:${name}`,
          // The library's own race resolves as allowed; the client's abort (same bound) surfaces as an error.
          timeout: timeoutMs + 50,
          ephemeralCache: new BoundedMap<string, number>(options.maxBlocked ?? 10_000),
          analytics: false,
          enableTelemetry: false,
        }),
      ]),
    );
  })();
  // A failed load surfaces on the checks (each lets its request through), not as an unhandled rejection.
  limiters.catch(() => {});

  return {
    async check(name, client) {
      if (!(name in options.rules)) return null;
      try {
        const limiter = (await limiters).get(name) as Ratelimit;
        const res = await limiter.limit(client);
        if (res.reason === "timeout") {
          options.onError?.("timeout");
          return null;
        }
        return { allowed: res.success, limit: res.limit, remaining: res.remaining, resetAt: res.reset };
      } catch (error) {
        options.onError?.("error", error);
        return null;
      }
    },
  };
}

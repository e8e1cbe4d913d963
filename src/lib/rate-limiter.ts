/** At most `limit` requests per client in each fixed window of `windowMs` (windows aligned to the epoch). */
export type RateRule = { limit: number; windowMs: number };

export type RateDecision = {
  allowed: boolean;
  limit: number;
  /** Requests the client has left in the current window. */
  remaining: number;
  /** When the current window ends (epoch milliseconds). */
  resetAt: number;
};

/**
 * Per-client request budgets by name (a criticality class). `null`: the name has no rule, or the
 * shared counter could not be consulted; either way the request is not limited (fail open).
 */
export interface RateLimiter {
  check(name: string, client: string): Promise<RateDecision | null>;
}

export type MemoryRateLimiterOptions = {
  /** Clients × names tracked at once; the stalest are forgotten first (clients rotating addresses). */
  maxEntries?: number;
  now?: () => number;
};

/**
 * Fixed windows counted in this process: role `all` without Redis, where one process is the whole
 * service. Same windows and boundaries as the Redis implementation.
 */
export function memoryRateLimiter(
  rules: Readonly<Record<string, RateRule>>,
  options: MemoryRateLimiterOptions = {},
): RateLimiter {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // Insertion order is the order windows started: re-inserted when a new window starts.
  const counts = new Map<string, { window: number; count: number }>();

  function makeRoom(at: number): void {
    for (const [key, entry] of counts) {
      const rule = rules[key.slice(0, key.indexOf("\u0000"))];
      if (!rule || entry.window < Math.floor(at / rule.windowMs)) counts.delete(key);
    }
    // Still full of live windows: forget the oldest tenth at once, so the sweep is not paid per request.
    let excess = counts.size - Math.floor(maxEntries * 0.9);
    for (const key of counts.keys()) {
      if (excess-- <= 0) break;
      counts.delete(key);
    }
  }

  return {
    async check(name, client) {
      const rule = rules[name];
      if (!rule) return null;
      const at = now();
      const window = Math.floor(at / rule.windowMs);
      const key = `${name}\u0000${client}`;
      let entry = counts.get(key);
      if (!entry || entry.window !== window) {
        counts.delete(key);
        if (counts.size >= maxEntries) makeRoom(at);
        entry = { window, count: 0 };
        counts.set(key, entry);
      }
      entry.count++;
      return {
        allowed: entry.count <= rule.limit,
        limit: rule.limit,
        remaining: Math.max(0, rule.limit - entry.count),
        resetAt: (window + 1) * rule.windowMs,
      };
    },
  };
}

import { RateLimitedError } from "../../errors.ts";
import { clientAddress } from "./client-address.ts";
import { envelopeResponse } from "../response/envelope.ts";
import type { Context, MiddlewareHandler } from "hono";
import type { RateLimiter } from "../../lib/rate-limiter.ts";
import type { AppEnv } from "../env.ts";

export type RateLimitOptions = {
  /** The client's identity (default: forwarded address, else the socket's; src/http/admission/client-address.ts). */
  clientOf?: (c: Context) => string;
  onLimited?: (lane: string) => void;
  now?: () => number;
};

/**
 * Per-client budgets by the criticality class of the matched route (its policy's `lane`); critical
 * requests are never counted. A client over its budget gets the 429 envelope with `Retry-After` and
 * `X-RateLimit-*`. Mounted after the caches and before admission: 304s and cached answers cost nothing
 * and are not counted, and a refused client never holds an admission slot. The `X-RateLimit-*` headers
 * go on 429s only: other answers are shared by HTTP caches and must not carry one client's budget.
 */
export function rateLimit(limiter: RateLimiter, options: RateLimitOptions = {}): MiddlewareHandler<AppEnv> {
  const clientOf = options.clientOf ?? clientAddress;
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const lane = c.get("policy").lane;
    if (lane === "critical") return next();
    const decision = await limiter.check(lane, clientOf(c));
    if (!decision || decision.allowed) return next();
    options.onLimited?.(lane);
    const retryAfter = Math.max(1, Math.ceil((decision.resetAt - now()) / 1000));
    const err = new RateLimitedError(lane, retryAfter);
    const res = envelopeResponse(err.status, err.body);
    res.headers.set("retry-after", String(retryAfter));
    res.headers.set("x-ratelimit-limit", String(decision.limit));
    res.headers.set("x-ratelimit-remaining", String(decision.remaining));
    // Epoch seconds (GitHub's convention): when the window ends and the budget is whole again.
    res.headers.set("x-ratelimit-reset", String(Math.ceil(decision.resetAt / 1000)));
    return res;
  };
}

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import type { HttpCachePolicy } from "./http-cache-policy.ts";

/**
 * HTTP caching of the answers (docs/operations.md#http-caching): a repeat with a matching `If-None-Match`
 * gets 304 before the response cache and the job run; every other answer gets `Cache-Control` (and `ETag`,
 * `Vary`) by the class of its route (its policy). Mount it inside the version/CORS layer (which decorates
 * 304s too) and outside the response cache.
 */
export function httpCaching(policy: HttpCachePolicy, onNotModified?: () => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = policy.decide(c.req.raw, c.get("target"), c.get("policy"));
    if (!decision) return next();
    if (decision.notModified) {
      onNotModified?.();
      return policy.notModifiedResponse(decision);
    }
    await next();
    // A partial answer (built around a failed source) gets no validator and no shared lifetime: the next
    // request after the failure memory must build it again.
    const headers = c.get("partial")
      ? { "cache-control": "no-store" }
      : policy.headersFor(decision, c.res.status, c.res.headers.get("content-type"));
    const apply = (res: Response) => {
      for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    };
    try {
      apply(c.res);
    } catch {
      // Responses passed through from `fetch` have immutable headers: copy once.
      c.res = new Response(c.res.body, c.res);
      apply(c.res);
    }
  };
}

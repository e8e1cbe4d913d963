import { ByteLru } from "../../lib/byte-lru.ts";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, ImmutableBody } from "../env.ts";

/**
 * Answers of immutable jobs (functions of the request and the configuration) kept as bytes per
 * request target, for the life of the process: a repeated core request skips routing, validation
 * and the job, so a response-cache miss (or `SIIBRA_API_CACHE=none`) costs about what a hit costs.
 * Only 200 JSON answers are kept; snippets (`Accept: text/x-sapi-python`) and other methods pass.
 * Mounted inside the access log, metrics and CORS layers, which decorate these answers as any other.
 */
export function immutableBytes(maxBytes: number): MiddlewareHandler<AppEnv> {
  const store = new ByteLru(maxBytes);
  const headers = { "content-type": "application/json" };
  return async (c, next) => {
    if (maxBytes <= 0 || c.req.method !== "GET" || c.req.header("accept") === "text/x-sapi-python") return next();
    // Equal targets (path + raw query as sent) get equal answers from immutable jobs.
    const key = c.get("target").target;
    const hit = store.get<ImmutableBody>(key);
    if (hit) {
      c.set("metricsRoute", hit.route);
      c.set("immutableBody", hit); // for the lane outside (immutable-lane.ts)
      return new Response(hit.text, { status: 200, headers });
    }
    await next();
    const body = c.get("immutableBody");
    if (body && c.res.status === 200) store.set(key, body, (body.text.length + key.length) * 2);
  };
}

/** Called by a route whose answer came from an immutable job. */
export function markImmutable(c: Context<AppEnv>, text: string): void {
  c.set("immutableBody", { text, route: c.req.routePath });
}

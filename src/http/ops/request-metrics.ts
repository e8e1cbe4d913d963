import type { MiddlewareHandler } from "hono";
import type { ServiceMetrics } from "../../metrics/service-metrics.ts";
import type { AppEnv } from "../env.ts";

/** Records every request by matched route pattern (bounded label set), method and status. */
export function requestMetrics(metrics: ServiceMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    // `routePath` is the last matched pattern: the route's own, or "/*" for a middleware-only answer.
    const route =
      c.get("metricsRoute") ?? (c.res.status === 404 && c.req.routePath === "/*" ? "(unmatched)" : c.req.routePath);
    metrics.request(route, c.req.method, c.res.status, performance.now() - started);
  };
}

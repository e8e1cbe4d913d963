import type { MiddlewareHandler } from "hono";
import { WARM_UP_HEADER } from "./warm-up.ts";
import type { Logger } from "../../lib/logger.ts";
import type { AppEnv } from "../env.ts";

/** Upstream's access-log line. */
export function accessLine(status: number, ms: number, cacheHit: boolean, method: string, url: string): string {
  const cache = cacheHit ? "cache_hit" : "cache_miss";
  return `${new Date().toISOString()} ${status} ${ms.toFixed(1)}ms ${cache} ${method} ${url}`;
}

/** One line per request, like upstream's access log; routes whose policy is `quiet` (probes, scrapes) are left out. */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  if (!logger.infoEnabled) return async (_c, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (c.get("policy").quiet || c.req.header(WARM_UP_HEADER)) return;
    const hit = c.res.headers.get("x-fastapi-cache") === "hit";
    logger.info(accessLine(c.res.status, performance.now() - started, hit, c.req.method, c.req.url));
  };
}

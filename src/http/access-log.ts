import type { MiddlewareHandler } from "hono";
import { WARM_UP_HEADER } from "./warm-up.ts";
import type { Logger } from "../lib/logger.ts";

const QUIET = new Set(["/ready", "/metrics", "/about"]);

/** One line per request, like upstream's access log (probes and metrics scrapes are not logged). */
export function accessLog(logger: Logger): MiddlewareHandler {
  if (!logger.infoEnabled) return async (_c, next) => next();
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (QUIET.has(c.req.path) || c.req.header(WARM_UP_HEADER)) return;
    const ms = (performance.now() - started).toFixed(1);
    const cache = c.res.headers.get("x-fastapi-cache") === "hit" ? "cache_hit" : "cache_miss";
    logger.info(`${new Date().toISOString()} ${c.res.status} ${ms}ms ${cache} ${c.req.method} ${c.req.url}`);
  };
}

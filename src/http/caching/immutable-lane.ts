import { ByteLru } from "../../lib/byte-lru.ts";
import { accessLine } from "../ops/access-log.ts";
import { WARM_UP_HEADER } from "../ops/warm-up.ts";
import { RequestTarget } from "../request/request-target.ts";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../lib/logger.ts";
import type { ServiceMetrics } from "../../metrics/service-metrics.ts";
import type { AppEnv } from "../env.ts";

/** A final answer as every layer left it; `quiet`: its route's policy keeps it out of the access log. */
type Final = { text: string; headers: Record<string, string>; route: string; quiet: boolean };

/**
 * A GET whose answer depends on its target only: no validator to compare (304), no bypass of the
 * caches, no credentials, not a code snippet. Anything else takes the layers.
 */
function plain(req: Request): boolean {
  if (req.method !== "GET") return false;
  const h = req.headers;
  return (
    !h.has("if-none-match") &&
    !h.has("authorization") &&
    !h.has("x-bypass-fastapi-cache") &&
    h.get("cache-control") !== "no-cache" &&
    h.get("accept") !== "text/x-sapi-python"
  );
}

export type ImmutableLaneOptions = {
  maxBytes: number;
  /** The ETag epoch now (etag.ts): ETags rotate with it, so answers are kept per epoch. */
  epoch: () => number;
  metrics: ServiceMetrics;
  logger: Logger;
};

/**
 * Outermost layer when the response cache is off (`SIIBRA_API_CACHE=none`): a plain GET of a target
 * that an immutable job answered whole before (the route marks it, src/http/response/run-job.ts) gets
 * the same answer replayed — the kept body and every header the layers set (version, CORS,
 * `Cache-Control`, `ETag`, `Vary`) — in one `Response`, with its metrics and access-log line, before
 * any layer runs. Those layers are cheap one by one, but routing, validating and setting six headers
 * made an uncached core request cost ~2× a static one. The body is the keep layer's own string, so
 * the lane adds headers, not another copy; partial answers are never marked, so never replayed.
 * It even precedes the route-context layer: a replay needs the target only (parsed here and handed on
 * in `c.var.target` on a miss), not the route's policy.
 */
export function immutableLane(opts: ImmutableLaneOptions): MiddlewareHandler<AppEnv> {
  const store = new ByteLru(opts.maxBytes);
  const { metrics, logger } = opts;
  const log = logger.infoEnabled;
  return async (c, next) => {
    const req = c.req.raw;
    if (!plain(req)) return next();
    const started = performance.now();
    const target = new RequestTarget(req.url);
    const key = `${opts.epoch()} ${target.target}`;
    const hit = store.get<Final>(key);
    if (hit) {
      const res = new Response(hit.text, { status: 200, headers: hit.headers });
      const ms = performance.now() - started;
      metrics.request(hit.route, "GET", 200, ms);
      if (log && !hit.quiet && !req.headers.has(WARM_UP_HEADER)) {
        logger.info(accessLine(200, ms, false, "GET", req.url));
      }
      return res;
    }
    c.set("target", target);
    await next();
    const body = c.get("immutableBody");
    if (!body || c.res.status !== 200) return;
    const headers = Object.fromEntries(c.res.headers);
    const route = c.get("metricsRoute") ?? c.req.routePath;
    // Counted in full, though the body is usually the very string the inner layer holds: memory for
    // these bodies stays within the budget while both keep them, and twice it at worst.
    const quiet = c.get("policy").quiet;
    store.set(key, { text: body.text, headers, route, quiet }, (body.text.length + key.length + 512) * 2);
  };
}

import { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";
import { MemoRouter } from "./http/request/memo-router.ts";
import { RouteTable } from "./http/request/route-table.ts";
import type { RouteList } from "./http/request/route-table.ts";
import { routeContext } from "./http/request/route-context.ts";
import { HTTPException } from "hono/http-exception";
import { crossCutting } from "./http/response/cors.ts";
import { accessLog } from "./http/ops/access-log.ts";
import { envelopeResponse } from "./http/response/envelope.ts";
import { AppError, ShedError } from "./errors.ts";
import { v3 } from "../routes/index.ts";
import { metrics, readiness, service } from "../routes/service.ts";
import { docsRoutes } from "../routes/docs.ts";
import { responseCache } from "./http/caching/response-cache.ts";
import { httpCaching } from "./http/caching/http-cache.ts";
import { httpCachePolicy } from "./http/caching/http-cache-policy.ts";
import { immutableLane } from "./http/caching/immutable-lane.ts";
import { etagEpoch } from "./http/caching/etag.ts";
import { admission } from "./http/admission/middleware.ts";
import { rateLimit } from "./http/admission/rate-limit.ts";
import { requestMetrics } from "./http/ops/request-metrics.ts";
import { SNIPPET_ACCEPT } from "./http/response/run-job.ts";
import { jobDeliveryRoutes } from "../routes/job-delivery.ts";
import type { AppEnv } from "./http/env.ts";
import type { Services } from "./services.ts";

/**
 * Builds the runtime-neutral app from injected services. PatternRouter because the default router
 * does not honour registration order for params spanning `/` (`/regions/a/b/related`); its answers
 * are remembered per path. Every layer reads the matched route's policy from `routes`, derived from
 * the app's own routes once they are registered (the Workers entry hands in the table it also uses).
 */
export function createApp(services: Services, routes = new RouteTable()) {
  const app = new Hono<AppEnv>({ router: new MemoRouter(new PatternRouter()) });
  // With the response cache off, immutable answers are replayed whole before any layer (see the module).
  if (services.role === "all" && services.cache.disabled && services.keepBytes > 0) {
    const { etagEpochSeconds } = services.httpCache;
    app.use(
      immutableLane({
        maxBytes: services.keepBytes,
        epoch: () => etagEpoch(Date.now(), etagEpochSeconds),
        metrics: services.metrics,
        logger: services.logger,
      }),
    );
  }
  app.use(routeContext(routes));
  app.use(crossCutting(services.version));
  app.use(accessLog(services.logger));
  app.use(async (c, next) => {
    // Upstream routes GET only; Hono would answer HEAD through the GET handlers.
    if (c.req.method === "HEAD") return envelopeResponse(405, { detail: "Method Not Allowed" });
    c.set("services", services);
    await next();
  });
  app.use(requestMetrics(services.metrics));
  // Before the response cache and every route: a 304 needs neither a cache read nor a job.
  app.use(httpCaching(httpCachePolicy(services), () => services.metrics.cache.inc({ result: "not_modified" })));
  app.route("/", metrics);
  if (services.role === "worker") {
    // A worker serves its QStash delivery endpoint and readiness only.
    app.route("/", readiness);
    if (services.receiver) app.route("/", jobDeliveryRoutes(services.receiver));
  } else {
    app.use(
      responseCache({
        cache: services.cache,
        version: services.version,
        dataVersion: services.dataVersion,
        // Bounded, so answers built while the knowledge graph was unreachable (ids-only datasets) heal.
        ttlSeconds: 3_600,
        onHit: () => services.metrics.cache.inc({ result: "hit" }),
        onMiss: () => services.metrics.cache.inc({ result: "miss" }),
      }),
    );
    // Before admission, so a client over its budget never takes a slot; after the caches, so free answers are not counted.
    if (services.rateLimiter)
      app.use(
        rateLimit(services.rateLimiter, { onLimited: (lane) => services.metrics.rateLimited.inc({ class: lane }) }),
      );
    app.use(admission(services.admission, (lane) => services.metrics.shed.inc({ class: lane })));
    mountApi(app);
  }

  app.notFound((c) => {
    if (c.req.method !== "GET") return envelopeResponse(405, { detail: "Method Not Allowed" });
    // Upstream's code-snippet layer answers unknown routes itself, in plain text.
    if (c.req.header("accept") === SNIPPET_ACCEPT) return c.text("handler_fn lookup failed!", 404);
    return envelopeResponse(404, { detail: "Not Found" });
  });
  app.onError((err, c) => {
    if (err instanceof ShedError) {
      const res = envelopeResponse(err.status, err.body);
      res.headers.set("retry-after", String(err.retryAfterSeconds));
      return res;
    }
    if (err instanceof AppError) return envelopeResponse(err.status, err.body);
    if (err instanceof HTTPException) return envelopeResponse(err.status, { detail: err.message });
    services.logger.error(`${c.req.method} ${c.req.url}: ${err.stack ?? String(err)}`);
    return envelopeResponse(500, { detail: "Some error occurred", error: String(err.message ?? err) });
  });
  routes.load(app.routes);
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The API's routes (roles `all` and `server`), in upstream's order. */
function mountApi(app: Hono<AppEnv>): void {
  app.route("/", service);
  app.route("/v3_0", v3);
  app.route(
    "/v3_0",
    docsRoutes(() => app),
  );
}

/**
 * The route list of roles `all` and `server`, without services or middleware: for clients that class
 * requests as the service does (the weighted benchmark builds a RouteTable from it).
 */
export function apiRoutes(): RouteList {
  const app = new Hono<AppEnv>().route("/", metrics);
  mountApi(app);
  return app.routes;
}

import { Hono } from "hono";
import { routePolicy } from "../src/http/request/describe.ts";
import type { RoutePolicy } from "../src/http/request/route-policy.ts";
import type { AppEnv } from "../src/http/env.ts";

/** Probes and scrapes: never shed, never cached, not in the access log. */
const probe = (cache: "volatile" | "uncacheable"): RoutePolicy => ({
  class: "critical",
  cache,
  responseCache: false,
  varyAccept: false,
  quiet: true,
});

/**
 * `/ready`, in every role. Never cached and never a store lookup: a probe must not depend on anything
 * but the process.
 */
export const readiness = new Hono<AppEnv>().get("/ready", routePolicy(probe("volatile")), (c) => c.json("ready"));

/** `/metrics`, mounted before the caches and admission, which then never see a scrape. */
export const metrics = new Hono<AppEnv>().get("/metrics", routePolicy(probe("uncacheable")), (c) =>
  c.text(c.var.services.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }),
);

/** Unversioned service routes: readiness, service metadata, landing page. */
export const service = new Hono<AppEnv>()
  .route("/", readiness)
  .get("/about", routePolicy({ ...probe("uncacheable"), cache: "metadata" }), (c) =>
    c.json({
      "@context": "https://gitlab.ebrains.eu/lauramble/servicemeta/-/raw/main/data/contexts/servicemeta.jsonld",
      type: "WebApplication",
      author: [{ type: "Organization", name: "siibra-edge contributors" }],
      documentation: "https://siibra-api.readthedocs.io/en/latest/",
      name: "siibra-api",
      version: c.var.services.version,
      inputFormat: ["json"],
      outputFormat: ["json", "nifti"],
    }),
  )
  .get("/", routePolicy({ class: "critical", cache: "metadata", varyAccept: false }), (c) =>
    c.html(
      `<!doctype html><html><head><title>siibra-api</title></head><body>` +
        `<h1>siibra-api</h1><p>api version: ${c.var.services.version}</p>` +
        `<ul><li><a href="/v3_0/docs">/v3_0/docs</a></li>` +
        `<li><a href="/v3_0/openapi.json">/v3_0/openapi.json</a></li></ul>` +
        `</body></html>`,
    ),
  );

/**
 * Route policies are declared at the routes and the table every layer reads is derived from the app's
 * own route list at start-up: no route may go without one, and a request gets its matched route's.
 */
import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { apiRoutes, createApp } from "../../../src/app.ts";
import { routePolicy } from "../../../src/http/request/describe.ts";
import { declaredRoutes, RouteTable } from "../../../src/http/request/route-table.ts";
import { memoryResults } from "../../../src/transport/redis-outcomes.ts";
import { inlineTransport } from "../../../src/transport/inline.ts";
import { qstashReceiver } from "../../../src/transport/qstash-receiver.ts";
import { JOBS } from "../../../jobs/index.ts";
import { testApp } from "../../_support/app.ts";

const { app, services, routes } = await testApp();
const worker = createApp({
  ...services,
  role: "worker",
  receiver: qstashReceiver({
    jobs: JOBS,
    signingKeys: { current: "a", next: "b" },
    publicUrl: "http://worker.local",
    results: memoryResults(),
    transport: inlineTransport(services),
    policy: { immutableMs: 60_000, resultMs: 60_000, partialMs: 1_000 },
    retries: 0,
    resultTtlSeconds: 60,
  }),
});

const policyOf = (target: string, method = "GET") =>
  routes.resolve(new Request(`http://x${target}`, { method })).policy;

describe("every route declares its policy", () => {
  test.each([
    ["role all", app],
    ["role worker", worker],
  ])("%s: each route carries a policy (describe() or routePolicy())", (_role, role) => {
    const declared = declaredRoutes(role.routes);
    expect(declared.length).toBeGreaterThan(2);
    expect(declared.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  test("service, docs and delivery routes are in the table too", () => {
    const paths = [...declaredRoutes(app.routes), ...declaredRoutes(worker.routes)].map((r) => `${r.method} ${r.path}`);
    for (const route of [
      "GET /ready",
      "GET /metrics",
      "GET /about",
      "GET /",
      "GET /v3_0/openapi.json",
      "POST /_jobs/:queue",
    ])
      expect(paths).toContain(route);
  });

  test("the API's route list without services (the benchmark's) is role all's", () => {
    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    expect(declaredRoutes(apiRoutes()).map(key)).toEqual(declaredRoutes(app.routes).map(key));
  });

  test("a route without a policy is refused at start-up", () => {
    const bare = new Hono().get("/declared", routePolicy({ class: "critical", cache: "metadata" }), (c) =>
      c.text("ok"),
    );
    bare.get("/forgotten", (c) => c.text("ok"));
    expect(() => new RouteTable().load(bare.routes)).toThrow("GET /forgotten declares no policy");
  });
});

describe("a request gets its matched route's policy", () => {
  test("query- and id-dependent parts are decided per request", () => {
    expect(policyOf("/v3_0/regions/Area%2044?parcellation_id=p").lane).toBe("critical");
    expect(policyOf("/v3_0/regions/Area%2044?parcellation_id=p&space_id=s").lane).toBe("interactive");
    expect(policyOf("/v3_0/regions/Area%2044?parcellation_id=p&space_id=").lane).toBe("critical");
    expect(policyOf("/v3_0/feature/lq0%3A%3Ax").cache).toBe("live");
    expect(policyOf("/v3_0/feature/cf0::x").cache).toBe("metadata");
    expect(policyOf("/v3_0/feature/EbrainsDataFeature%2Fx/download").cache).toBe("live");
  });

  test("first registered match wins, as in the app: a download of a category's feature is a file", () => {
    expect(policyOf("/v3_0/feature/Tabular/x/download")).toMatchObject({ lane: "files", cache: "files" });
    expect(policyOf("/v3_0/feature/Tabular/x")).toMatchObject({ lane: "detail", cache: "metadata" });
  });

  test("upstream's request-wide rules: bbox=, find=, other methods", () => {
    expect(policyOf("/v3_0/feature/Image?space_id=s&bbox=1")).toMatchObject({ cache: "live", stored: false });
    expect(policyOf("/v3_0/regions?parcellation_id=p&find=x")).toMatchObject({ cache: "metadata", stored: false });
    expect(policyOf("/v3_0/regions?parcellation_id=p&find=x").keeps404).toBe(false);
    expect(policyOf("/v3_0/atlas_download?bbox=1")).toMatchObject({ lane: "compounds", cache: "volatile" });
    expect(policyOf("/v3_0/atlases", "POST")).toMatchObject({ cache: "uncacheable", stored: false, varyAccept: false });
    // HEAD is routed through the GET handlers (and refused by the app); other methods keep the GET route's class.
    expect(policyOf("/v3_0/map/resampled_template", "HEAD")).toMatchObject({ lane: "files", cache: "uncacheable" });
    expect(policyOf("/v3_0/map/resampled_template", "POST")).toMatchObject({ lane: "files", cache: "uncacheable" });
    expect(policyOf("/ready", "POST")).toMatchObject({ quiet: true, cache: "uncacheable" });
  });

  test("unknown paths: metadata (their 404 envelope), critical, response-cached", () => {
    expect(policyOf("/v3_0/no/such/route")).toEqual({
      lane: "critical",
      cache: "metadata",
      varyAccept: true,
      stored: true,
      keeps404: true,
      quiet: false,
    });
  });

  test("probes and scrapes are quiet and never cached", () => {
    for (const target of ["/ready", "/metrics", "/about"])
      expect(policyOf(target)).toMatchObject({ quiet: true, stored: false, varyAccept: false });
    expect(policyOf("/")).toMatchObject({ quiet: false, stored: true, varyAccept: false });
  });
});

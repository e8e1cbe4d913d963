/** Upstream's response-cache rules (docs/decisions.md#response-cache-keys) on a tiny app. */
import { beforeEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { memoryCache, upstashCache } from "../../../src/cache/index.ts";
import type { ResponseCache } from "../../../src/cache/index.ts";
import { envelopeResponse } from "../../../src/http/response/envelope.ts";
import { responseCache, responseCacheKey } from "../../../src/http/caching/response-cache.ts";
import { RequestTarget } from "../../../src/http/request/request-target.ts";
import { closedOrigin } from "../../cache/redis-fixture.ts";
import { routePolicy } from "../../../src/http/request/describe.ts";
import { routeContext } from "../../../src/http/request/route-context.ts";
import { RouteTable } from "../../../src/http/request/route-table.ts";
import type { AppEnv } from "../../../src/http/env.ts";

/** A tiny app whose routes declare their policies, read by the first middleware as in the service. */
function withPolicies(mount: (app: Hono<AppEnv>) => void): Hono<AppEnv> {
  const routes = new RouteTable();
  const app = new Hono<AppEnv>().use(routeContext(routes));
  mount(app);
  routes.load(app.routes);
  return app;
}

const route = routePolicy({ class: "critical", cache: "metadata" });
/** `/ready` and `/about`: never cached (upstream's rules). */
const neverCached = routePolicy({ class: "critical", cache: "volatile", responseCache: false });

let calls = 0;
let store: ResponseCache;
let events: string[];

function buildApp(cache: ResponseCache) {
  return withPolicies((app) => {
    app.use(
      responseCache({
        cache,
        version: "0.3.35",
        dataVersion: "cfg1",
        onHit: (key) => events.push(`hit ${key}`),
        onMiss: (key) => events.push(`miss ${key}`),
        onError: () => events.push("error"),
      }),
    );
    // Every body carries a call counter, so a replay is distinguishable from a fresh render.
    app.get("/v3_0/regions/:id", route, (c) => c.json({ id: c.req.param("id"), call: ++calls }));
    app.get("/v3_0/missing", route, () => {
      calls++;
      return envelopeResponse(404, { detail: "Cannot find item" });
    });
    app.get("/v3_0/broken", route, () => {
      calls++;
      return envelopeResponse(500, { detail: "Some error occurred" });
    });
    app.get("/v3_0/text", route, (c) => c.text(`plain ${++calls}`));
    app.get("/v3_0/created", route, (c) => c.json({ call: ++calls }, 201));
    app.get("/ready", neverCached, (c) => c.json(`ready ${++calls}`));
    app.get("/about", neverCached, (c) => c.json({ call: ++calls }));
  });
}

let app: ReturnType<typeof buildApp>;
beforeEach(() => {
  calls = 0;
  events = [];
  store = memoryCache();
  app = buildApp(store);
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

async function twice(path: string, headers: Record<string, string> = {}) {
  const first = await get(path, headers);
  const firstBody = await first.text();
  const second = await get(path, headers);
  return { first, firstBody, second, secondBody: await second.text() };
}

describe("hits", () => {
  test("second GET is a hit with the identical body and JSON content type", async () => {
    const { first, firstBody, second, secondBody } = await twice("/v3_0/regions/area%2044?parcellation_id=x");
    expect(first.headers.get("x-fastapi-cache")).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(second.headers.get("content-type")).toBe("application/json");
    expect(secondBody).toBe(firstBody);
    expect(calls).toBe(1);
    const key = "siibra-edge:cfg1:[0.3.35] /v3_0/regions/area 44parcellation_id=x";
    expect(events).toEqual([`miss ${key}`, `hit ${key}`]);
  });

  test("a shared (compressed) store holds base64(gzip(body)) under upstream's key behind the data-version prefix", async () => {
    const inner = memoryCache();
    // Same store seen as a shared one (what upstashCache is): the middleware compresses for it.
    const shared: ResponseCache = { get: (k) => inner.get(k), set: (k, v, t) => inner.set(k, v, t) };
    app = buildApp(shared);
    const res = await get("/v3_0/regions/PGa?parcellation_id=2.9");
    const stored = await inner.get("siibra-edge:cfg1:[0.3.35] /v3_0/regions/PGaparcellation_id=2.9");
    expect(stored).not.toBeNull();
    expect(new TextDecoder().decode(Bun.gunzipSync(Buffer.from(stored ?? "", "base64")))).toBe(await res.text());
    const hit = await get("/v3_0/regions/PGa?parcellation_id=2.9");
    expect(hit.headers.get("x-fastapi-cache")).toBe("hit");
    expect(await hit.text()).toBe(await (await get("/v3_0/regions/PGa?parcellation_id=2.9")).text());
  });

  test("the in-process store keeps bodies as they are (no decoding on every hit)", async () => {
    const res = await get("/v3_0/regions/PGa?parcellation_id=2.9");
    expect(await store.get("siibra-edge:cfg1:[0.3.35] /v3_0/regions/PGaparcellation_id=2.9")).toBe(await res.text());
  });

  test("different query strings are different entries", async () => {
    await get("/v3_0/regions/a?page=1");
    const other = await get("/v3_0/regions/a?page=2");
    expect(other.headers.get("x-fastapi-cache")).toBeNull();
    expect(calls).toBe(2);
  });

  test("a 404 envelope is cached and replayed with status 404", async () => {
    const { first, firstBody, second, secondBody } = await twice("/v3_0/missing");
    expect(first.status).toBe(404);
    expect(second.status).toBe(404);
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(secondBody).toBe(firstBody);
    expect(calls).toBe(1);
  });

  test("a legacy plain-JSON entry is served as is", async () => {
    await store.set("siibra-edge:cfg1:[0.3.35] /v3_0/regions/legacy", '{"legacy":true}');
    const res = await get("/v3_0/regions/legacy");
    expect(res.headers.get("x-fastapi-cache")).toBe("hit");
    expect(await res.text()).toBe('{"legacy":true}');
    expect(calls).toBe(0);
  });

  test("an undecodable entry is a miss, reported, and rewritten", async () => {
    const inner = memoryCache();
    store = { get: (k) => inner.get(k), set: (k, v, t) => inner.set(k, v, t) };
    app = buildApp(store);
    await store.set("siibra-edge:cfg1:[0.3.35] /v3_0/regions/bad", "bm90IGd6aXA=");
    const first = await get("/v3_0/regions/bad");
    expect(first.headers.get("x-fastapi-cache")).toBeNull();
    expect(events).toContain("error");
    const second = await get("/v3_0/regions/bad");
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(calls).toBe(1);
  });
});

describe("never stored", () => {
  test.each([
    ["500 envelope", "/v3_0/broken"],
    ["non-JSON body", "/v3_0/text"],
    ["JSON with a status other than 200/404", "/v3_0/created"],
  ])("%s", async (_label, path) => {
    const { second } = await twice(path);
    expect(second.headers.get("x-fastapi-cache")).toBeNull();
    expect(calls).toBe(2);
  });
});

describe("skip read and write", () => {
  test.each([
    ["Authorization header", "/v3_0/regions/a", { authorization: "Bearer x" }],
    ["Accept: text/x-sapi-python", "/v3_0/regions/a", { accept: "text/x-sapi-python" }],
    ["find= in the query", "/v3_0/regions/a?find=area", {}],
    ["bbox= in the query", "/v3_0/regions/a?bbox=%5B1%2C2%5D", {}],
    ["/ready (never cached)", "/ready", {}],
    ["/about", "/about", {}],
  ])("%s", async (_label, path, headers) => {
    const { second } = await twice(path, headers);
    expect(second.headers.get("x-fastapi-cache")).toBeNull();
    expect(calls).toBe(2);
    expect(events).toEqual([]);
  });

  test("nothing was written for a skipped request", async () => {
    await get("/v3_0/regions/a", { authorization: "Bearer x" });
    const plain = await get("/v3_0/regions/a");
    expect(plain.headers.get("x-fastapi-cache")).toBeNull();
  });
});

describe("skip read only", () => {
  test.each([
    ["x-bypass-fastapi-cache", { "x-bypass-fastapi-cache": "1" }],
    ["cache-control: no-cache", { "cache-control": "no-cache" }],
  ])("%s renders fresh and refreshes the entry", async (_label, headers) => {
    await get("/v3_0/regions/a");
    const bypassed = await get("/v3_0/regions/a", headers);
    expect(bypassed.headers.get("x-fastapi-cache")).toBeNull();
    expect(((await bypassed.json()) as { call: number }).call).toBe(2);
    const after = await get("/v3_0/regions/a");
    expect(after.headers.get("x-fastapi-cache")).toBe("hit");
    expect(((await after.json()) as { call: number }).call).toBe(2);
  });

  test("an empty x-bypass-fastapi-cache and other cache-control values do not bypass", async () => {
    await get("/v3_0/regions/a");
    const empty = await get("/v3_0/regions/a", { "x-bypass-fastapi-cache": "" });
    const maxAge = await get("/v3_0/regions/a", { "cache-control": "max-age=0" });
    expect(empty.headers.get("x-fastapi-cache")).toBe("hit");
    expect(maxAge.headers.get("x-fastapi-cache")).toBe("hit");
  });
});

describe("keys", () => {
  test("decoded path + raw query, no `?`", () => {
    expect(
      responseCacheKey(new RequestTarget("http://h/v3_0/regions/PGa%20left?parcellation_id=a%2Fb"), "0.3.35", "d"),
    ).toBe("siibra-edge:d:[0.3.35] /v3_0/regions/PGa leftparcellation_id=a%2Fb");
  });

  test("a malformed percent-escape keeps the raw path", () => {
    expect(responseCacheKey(new RequestTarget("http://h/v3_0/regions/a%E0%A4%A"), "v", "d")).toBe(
      "siibra-edge:d:[v] /v3_0/regions/a%E0%A4%A",
    );
  });

  test("a different data version misses", async () => {
    await get("/v3_0/regions/a");
    const other = buildApp(store);
    const res = await other.request("/v3_0/regions/a");
    expect(res.headers.get("x-fastapi-cache")).toBe("hit");
    const changed = withPolicies((app) => {
      app.use(responseCache({ cache: store, version: "0.3.35", dataVersion: "cfg2" }));
      app.get("/v3_0/regions/a", route, (c) => c.json({ fresh: true }));
    });
    const fresh = await changed.request("/v3_0/regions/a");
    expect(fresh.headers.get("x-fastapi-cache")).toBeNull();
  });
});

test("an unreachable Redis never fails or stalls a request", async () => {
  const errors: string[] = [];
  app = buildApp(upstashCache({ url: closedOrigin(), token: "t", timeoutMs: 250, onError: (op) => errors.push(op) }));
  const t0 = performance.now();
  const { first, second } = await twice("/v3_0/regions/a");
  expect([first.status, second.status]).toEqual([200, 200]);
  expect(performance.now() - t0).toBeLessThan(1000);
  expect(calls).toBe(2);
  expect(errors).toEqual(["get", "set", "get", "set"]);
});

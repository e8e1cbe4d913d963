/**
 * The Workers Cache API wrapper's decisions, on the real app with a Map-backed cache of the same
 * interface (workerd's `caches.default` itself is exercised by tests/e2e/wrangler.test.ts).
 */
import { describe, expect, test } from "bun:test";
import { throughEdgeCache } from "../../../src/http/caching/edge-cache.ts";
import type { EdgeCache } from "../../../src/http/caching/edge-cache.ts";
import { httpCachePolicy } from "../../../src/http/caching/http-cache-policy.ts";
import { testApp } from "../../_support/app.ts";
import { VERSION_IDENTIFIER, datasetTitle, startKgHost } from "../../_support/kg-host.ts";

/** Stores bytes and headers like the Cache API does (a stored response is read back as a new one). */
function mapCache(): EdgeCache & { keys: () => string[]; failing: boolean } {
  const entries = new Map<string, { body: ArrayBuffer; init: ResponseInit }>();
  return {
    failing: false,
    keys: () => [...entries.keys()],
    async match(req) {
      if (this.failing) throw new Error("cache down");
      const e = entries.get(req.url);
      return e ? new Response(e.body, e.init) : undefined;
    },
    async put(req, res) {
      if (this.failing) throw new Error("cache down");
      entries.set(req.url, { body: await res.arrayBuffer(), init: { status: res.status, headers: res.headers } });
    },
  };
}

const { app, services, routes } = await testApp({ env: { SIIBRA_API_CACHE: "none" } });
const policy = httpCachePolicy(services);

type Served = { app: { request(req: Request): Response | Promise<Response> }; policy: typeof policy };

async function serve(
  cache: EdgeCache,
  path: string,
  headers: Record<string, string> = {},
  target: Served = { app, policy },
) {
  let handled = 0;
  const pending: Promise<unknown>[] = [];
  const res = await throughEdgeCache(new Request(`http://edge.test${path}`, { headers }), {
    cache,
    policy: target.policy,
    routes,
    waitUntil: (task) => pending.push(task),
    handle: async (req) => {
      handled++;
      return target.app.request(req);
    },
  });
  const body = await res.text();
  await Promise.all(pending);
  return { res, body, handled };
}

describe("edge cache (Workers Cache API)", () => {
  test("a public answer is stored once and replayed without running the app", async () => {
    const cache = mapCache();
    const first = await serve(cache, "/v3_0/atlases");
    const second = await serve(cache, "/v3_0/atlases");
    expect([first.handled, second.handled]).toEqual([1, 0]);
    expect(second.body).toBe(first.body);
    expect(second.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect(second.res.headers.get("x-fastapi-cache")).toBe("hit");
    expect(second.res.headers.get("x-siibra-api-version")).toBe("0.3.35");
    expect(cache.keys()).toEqual([
      `http://edge.test/_edge-cache/${(first.res.headers.get("etag") ?? "").slice(1, -1)}`,
    ]);
  });

  test("404 envelopes are stored; other errors, no-store and live answers are not", async () => {
    const cache = mapCache();
    await serve(cache, "/v3_0/atlases/doesnotexist");
    expect(cache.keys()).toHaveLength(1);
    for (const path of ["/v3_0/atlases?size=101", "/ready", "/v3_0/feature/Image?space_id=x&bbox=1"]) {
      await serve(cache, path);
      expect((await serve(cache, path)).handled).toBe(1);
    }
    expect(cache.keys()).toHaveLength(1);
  });

  test("conditional repeats go to the app (304); bypass headers skip the read and refresh the entry", async () => {
    const cache = mapCache();
    const first = await serve(cache, "/v3_0/spaces");
    const conditional = await serve(cache, "/v3_0/spaces", { "if-none-match": first.res.headers.get("etag") ?? "" });
    expect([conditional.res.status, conditional.handled]).toEqual([304, 1]);
    const bypass = await serve(cache, "/v3_0/spaces", { "x-bypass-fastapi-cache": "1" });
    expect([bypass.res.status, bypass.handled, bypass.body]).toEqual([200, 1, first.body]);
  });

  test("a failing cache never fails the request", async () => {
    const cache = mapCache();
    cache.failing = true;
    const { res, handled } = await serve(cache, "/v3_0/parcellations?size=2");
    expect([res.status, handled]).toEqual([200, 1]);
  });
});

describe("edge cache and answers built around a failed source", () => {
  test("a partial answer is not put; the healed one after the failure memory is, and replayed", async () => {
    const kg = startKgHost({ up: false });
    try {
      const healing = await testApp({
        datasets: "remote",
        env: {
          SIIBRA_API_CACHE: "none",
          SIIBRA_API_REMAP_PROVIDERS: kg.remap(),
          SIIBRA_API_KG_FAILURE_TTL_MS: "300",
          SIIBRA_API_REMOTE_FAILURE_TTL_MS: "300",
          SIIBRA_API_KG_TIMEOUT_MS: "1000",
        },
      });
      const target = { app: healing.app, policy: httpCachePolicy(healing.services) };
      const cache = mapCache();
      const path = `/v3_0/parcellations/${encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310")}`;
      const names = (body: string) =>
        (JSON.parse(body) as { datasets: { name: string }[] }).datasets.map((d) => d.name);

      const degraded = await serve(cache, path, {}, target);
      expect(names(degraded.body)).toEqual(["", ""]);
      expect(degraded.res.headers.get("cache-control")).toBe("no-store");
      expect(cache.keys()).toEqual([]);
      expect((await serve(cache, path, {}, target)).handled).toBe(1);
      expect(cache.keys()).toEqual([]);

      kg.up();
      await Bun.sleep(500);
      const healed = await serve(cache, path, {}, target);
      expect(names(healed.body)).toEqual([
        `${datasetTitle("f1fe19e8-99bd-44bc-9616-a52850680777")} (${VERSION_IDENTIFIER})`,
        datasetTitle("5a16d948-8d1c-400c-b797-8a7ad29944b2"),
      ]);
      expect(cache.keys()).toHaveLength(1);
      const replay = await serve(cache, path, {}, target);
      expect([replay.handled, replay.body, replay.res.headers.get("x-fastapi-cache")]).toEqual([0, healed.body, "hit"]);
    } finally {
      kg.stop();
    }
  });
});

/**
 * Redis slow and flapping (docs/operations.md#reliability): the whole app with its response cache on the real
 * Upstash REST bridge and redis-server, behind a proxy that injects the fault. Every request must still be
 * answered, with the body the app gives without any cache, within a bounded time, and the failed cache
 * operations must be counted in `/metrics`. (Redis down: tests/http/caching/response-cache.test.ts,
 * tests/e2e/server-worker.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startBridgeFixture, TOKEN } from "../cache/redis-fixture.ts";
import type { BridgeFixture } from "../cache/redis-fixture.ts";
import { testApp } from "../_support/app.ts";

type Mode = "ok" | "slow" | "flap";

let bridge: BridgeFixture;
let proxy: ReturnType<typeof Bun.serve>;
let mode: Mode = "ok";
let seen = 0;

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const PATHS = [
  "/v3_0/atlases",
  "/v3_0/spaces?size=3",
  `/v3_0/regions?parcellation_id=${JBA31}&find=hoc1`,
  `/v3_0/regions/${encodeURIComponent("Area 44 (IFG)")}?parcellation_id=${JBA31}`,
  "/v3_0/atlases/doesnotexist",
  "/v3_0/vocabularies/genes?find=GABA",
];

beforeAll(() => {
  bridge = startBridgeFixture("redis-faults");
  proxy = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch(req) {
      seen++;
      if (mode === "slow") await Bun.sleep(1_500);
      if (mode === "flap" && seen % 2 === 0) return new Response("upstream flapped", { status: 500 });
      const url = new URL(req.url);
      return fetch(`${bridge.url}${url.pathname}${url.search}`, {
        method: req.method,
        headers: req.headers,
        body: await req.arrayBuffer(),
      });
    },
  });
});

afterAll(async () => {
  proxy?.stop(true);
  await bridge?.cleanup();
});

/** A fresh app per scenario (a fresh namespace of cache keys, fresh counters); the reference has no cache. */
async function apps() {
  const env = { SIIBRA_API_VERSION: `0.3.35-rf-${crypto.randomUUID().slice(0, 8)}` };
  const cached = await testApp({
    env: {
      ...env,
      SIIBRA_API_CACHE: "redis",
      UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${proxy.port}`,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
    },
  });
  const reference = await testApp({ env: { ...env, SIIBRA_API_CACHE: "none" } });
  return { app: cached.app, reference: reference.app };
}

async function cacheErrors(app: { request: (p: string) => Response | Promise<Response> }): Promise<number> {
  const text = await (await app.request("/metrics")).text();
  return [...text.matchAll(/^siibra_cache_errors_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

async function scenario(m: Mode, rounds: number) {
  const { app, reference } = await apps();
  mode = m;
  seen = 0;
  const slowest: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const path of PATHS) {
      const t0 = performance.now();
      const res = await app.request(path);
      const body = await res.text();
      slowest.push(performance.now() - t0);
      const ref = await reference.request(path);
      expect({ path, status: res.status, body }).toEqual({ path, status: ref.status, body: await ref.text() });
    }
  }
  mode = "ok";
  return { errors: await cacheErrors(app), slowest: Math.max(...slowest), seen };
}

describe("the response cache on a faulty Redis", () => {
  test("healthy: answers equal the uncached ones, no cache error", async () => {
    const r = await scenario("ok", 2);
    expect(r.errors).toBe(0);
    expect(r.seen).toBeGreaterThan(0);
  }, 30_000);

  test("slow (1.5 s per command): every request answered correctly, none waits for Redis, errors counted", async () => {
    const r = await scenario("slow", 1);
    expect(r.seen).toBeGreaterThan(0);
    // The cache's own budget is 250 ms per operation; a request pays at most a read and a write.
    expect(r.slowest).toBeLessThan(1_500);
    expect(r.errors).toBeGreaterThanOrEqual(PATHS.length);
  }, 60_000);

  test("flapping (every other command fails): every request answered correctly, errors counted", async () => {
    const r = await scenario("flap", 3);
    expect(r.seen).toBeGreaterThan(PATHS.length);
    expect(r.errors).toBeGreaterThan(0);
  }, 60_000);
});

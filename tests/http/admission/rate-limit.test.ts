/**
 * Per-client rate limiting (docs/operations.md#rate-limiting) with the in-process limiter: the whole app in process,
 * budgets from the environment, clients told apart by their forwarded or socket address.
 */
import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { rateLimit } from "../../../src/http/admission/rate-limit.ts";
import { memoryRateLimiter } from "../../../src/lib/rate-limiter.ts";
import type { RateLimiter } from "../../../src/lib/rate-limiter.ts";
import { testApp } from "../../_support/app.ts";
import { routeContext } from "../../../src/http/request/route-context.ts";
import type { AppEnv } from "../../../src/http/env.ts";

const DAY_MS = 86_400_000;
/** Class `files`, refused by validation before any work: cheap to repeat, and never cached. */
const FILES = "/v3_0/map/resampled_template";
const BY_CLASS = {
  interactive: "/v3_0/map/assign",
  detail: "/v3_0/feature/cf0::a--b",
  files: FILES,
  compounds: "/v3_0/atlas_download",
} as const;

type Envelope = { error: boolean; status_code: number; message: string };

/** Day windows end at UTC midnight: a test started just before it waits, so its requests share one window. */
async function awayFromWindowEnd(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 10_000) await Bun.sleep(left + 10);
}

const from = (address: string) => ({ headers: { "x-forwarded-for": address } });

async function statuses(
  app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> },
  path: string,
  n: number,
  init?: RequestInit,
) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await app.request(path, init)).status);
  return out;
}

describe("rate limiting through the app (in-process counters)", () => {
  test("over its budget a client gets the 429 envelope with Retry-After and X-RateLimit-*", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app } = await testApp({ env: { SIIBRA_API_RATE_LIMIT: "files=2/1d" } });
    expect(await statuses(app, FILES, 2, from("203.0.113.7"))).toEqual([422, 422]);
    const before = Date.now();
    const res = await app.request(FILES, from("203.0.113.7"));
    const after = Date.now();
    expect(res.status).toBe(429);
    const envelope = (await res.json()) as Envelope;
    expect(envelope).toMatchObject({ error: true, status_code: 429 });
    expect(JSON.parse(envelope.message)).toEqual({
      detail: "Too Many Requests",
      error: `too many files requests from this client; retry in ${res.headers.get("retry-after")} s`,
    });
    const windowEnd = (Math.floor(before / DAY_MS) + 1) * DAY_MS;
    expect(res.headers.get("x-ratelimit-limit")).toBe("2");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(windowEnd / 1000));
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(Math.ceil((windowEnd - after) / 1000));
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil((windowEnd - before) / 1000));
    // Shared caches must not keep one client's refusal for others; the CORS layer still decorates it.
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await (await app.request("/metrics")).text()).toContain(
      'siibra_rate_limited_requests_total{class="files"} 1',
    );
  });

  test("each client has its own budget: X-Forwarded-For (first address), else CF-Connecting-IP, else the socket", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app } = await testApp({ env: { SIIBRA_API_RATE_LIMIT: "files=1/1d" } });
    // The first forwarded address is the client; the proxies appended after it do not matter.
    expect(await statuses(app, FILES, 2, from("198.51.100.1, 10.0.0.1"))).toEqual([422, 429]);
    expect(await statuses(app, FILES, 1, from("198.51.100.1, 10.0.0.2"))).toEqual([429]);
    expect(await statuses(app, FILES, 2, from("198.51.100.2"))).toEqual([422, 429]);
    // X-Forwarded-For wins over CF-Connecting-IP.
    const both = { headers: { "x-forwarded-for": "198.51.100.3", "cf-connecting-ip": "198.51.100.1" } };
    expect(await statuses(app, FILES, 1, both)).toEqual([422]);
    const cf = { headers: { "cf-connecting-ip": "198.51.100.4" } };
    expect(await statuses(app, FILES, 2, cf)).toEqual([422, 429]);
    // The same address over either header is the same client.
    expect(await statuses(app, FILES, 1, from("198.51.100.4"))).toEqual([429]);
    // No header: the socket's peer (Bun passes the server, which knows it, as the app's env).
    const server = (address: string) => ({ requestIP: () => ({ address, family: "IPv4", port: 1 }) });
    expect((await app.request(FILES, {}, server("192.0.2.9"))).status).toBe(422);
    expect((await app.request(FILES, {}, server("192.0.2.9"))).status).toBe(429);
    expect((await app.request(FILES, {}, server("192.0.2.10"))).status).toBe(422);
    // An IPv6 client counts per /64: another address of its block is the same client.
    expect(await statuses(app, FILES, 1, from("2001:db8:1:2::1"))).toEqual([422]);
    expect(await statuses(app, FILES, 1, from("2001:db8:1:2:ffff::9"))).toEqual([429]);
    expect(await statuses(app, FILES, 1, from("2001:db8:1:3::1"))).toEqual([422]);
  });

  test("over real HTTP on Bun, a client without forwarding headers is its socket's peer", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app } = await testApp({ env: { SIIBRA_API_RATE_LIMIT: "files=1/1d" } });
    // In process there is no socket: the shared `unknown` budget, spent here, so a fallback to it would show.
    expect(await statuses(app, FILES, 2)).toEqual([422, 429]);
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: app.fetch });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      expect((await fetch(`${base}${FILES}`)).status).toBe(422);
      expect((await fetch(`${base}${FILES}`)).status).toBe(429);
      // A forwarded address is another client; the peer's budget stays spent.
      expect((await fetch(`${base}${FILES}`, from("203.0.113.60"))).status).toBe(422);
      expect((await fetch(`${base}${FILES}`)).status).toBe(429);
    } finally {
      server.stop(true);
    }
  });

  test("budgets are per class, unnamed classes are unlimited, and critical routes are never limited", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app } = await testApp({
      env: { SIIBRA_API_RATE_LIMIT: "interactive=1/1d, detail=1/1d, compounds=1/1d", SIIBRA_API_CACHE: "none" },
    });
    const client = from("203.0.113.20");
    for (const lane of ["interactive", "detail", "compounds"] as const) {
      const [first, second] = await statuses(app, BY_CLASS[lane], 2, client);
      expect(first).not.toBe(429);
      expect(second).toBe(429);
    }
    expect(await statuses(app, FILES, 5, client)).not.toContain(429);
    // Not answered from any cache (the cache is off, a 404 is never memoized): each reaches the middleware.
    expect(await statuses(app, "/v3_0/atlases/doesnotexist", 5, client)).toEqual([404, 404, 404, 404, 404]);
    expect(await statuses(app, "/v3_0/atlases", 3, client)).toEqual([200, 200, 200]);
  });

  test("off by default: the same requests that a budget refuses all pass", async () => {
    const client = from("203.0.113.30");
    const off = await testApp();
    expect(off.services.rateLimiter).toBeNull();
    expect(await statuses(off.app, FILES, 6, client)).toEqual([422, 422, 422, 422, 422, 422]);
    await awayFromWindowEnd(DAY_MS);
    const on = await testApp({ env: { SIIBRA_API_RATE_LIMIT: "files=5/1d" } });
    expect(await statuses(on.app, FILES, 6, client)).toEqual([422, 422, 422, 422, 422, 429]);
  });

  test("a refused client never takes an admission slot: 429, not 503, while its class is saturated", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app, services } = await testApp({
      env: {
        SIIBRA_API_RATE_LIMIT: "files=1/1d",
        SIIBRA_API_CLASS_CONCURRENCY: "files=1",
        SIIBRA_API_CLASS_QUEUE: "files=0",
      },
    });
    const client = from("203.0.113.40");
    expect((await app.request(FILES, client)).status).toBe(422);
    const release = await services.admission.acquire("files");
    try {
      expect((await app.request(FILES, client)).status).toBe(429);
      // Another client within its budget reaches admission, which sheds its (valid) request.
      const valid = `${FILES}?parcellation_id=${encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310")}&space_id=${encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2")}`;
      expect((await app.request(valid, from("203.0.113.41"))).status).toBe(503);
    } finally {
      release();
    }
    expect(services.admission.snapshot().files).toEqual({ running: 0, waiting: 0 });
  });

  test("answers from the response cache are not counted", async () => {
    await awayFromWindowEnd(DAY_MS);
    const { app } = await testApp({ env: { SIIBRA_API_RATE_LIMIT: "interactive=2/1d" } });
    const jba = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
    // Interactive (a feature list from the configuration); answered once, then from the cache.
    const path = `/v3_0/feature/Tabular?parcellation_id=${jba}&region_id=${encodeURIComponent("Area 44 (IFG)")}&type=ReceptorDensityFingerprint`;
    const client = from("203.0.113.50");
    expect(await statuses(app, path, 5, client)).toEqual([200, 200, 200, 200, 200]);
    expect((await app.request(path, client)).headers.get("x-fastapi-cache")).toBe("hit");
    // Six requests, one counted: one more uncached interactive request, then 429.
    expect(await statuses(app, BY_CLASS.interactive, 2, client)).toEqual([422, 429]);
  });
});

describe("rate-limit middleware", () => {
  test("Retry-After and X-RateLimit-Reset from the window end; critical requests never reach the limiter", async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
    const windowMs = 60_000;
    const counted: string[] = [];
    const memory = memoryRateLimiter({ files: { limit: 3, windowMs } }, { now: () => now });
    const limiter: RateLimiter = {
      check: (name, client) => {
        counted.push(name);
        return memory.check(name, client);
      },
    };
    // Classed by the service's own route table, as the app does before this layer.
    const { routes } = await testApp();
    const app = new Hono<AppEnv>()
      .use(routeContext(routes))
      .use(rateLimit(limiter, { clientOf: () => "one", now: () => now }))
      .get("*", (c) => c.text("ok"));
    expect(await statuses(app, FILES, 3)).toEqual([200, 200, 200]);
    now += 19_500;
    const res = await app.request(FILES);
    expect(res.status).toBe(429);
    // The window started at 12:00:00.000 and ends at 12:01:00.000: 40.25 s left, rounded up.
    expect(res.headers.get("retry-after")).toBe("41");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(Date.UTC(2026, 0, 1, 12, 1, 0) / 1000));
    expect(res.headers.get("x-ratelimit-limit")).toBe("3");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("0");
    // Allowed answers carry no budget headers (HTTP caches share them between clients).
    expect((await app.request("/v3_0/atlases")).headers.get("x-ratelimit-limit")).toBeNull();
    for (const path of ["/v3_0/atlases", "/v3_0/map?map_type=LABELLED", "/v3_0/atlas_download/abc", "/ready"])
      expect((await app.request(path)).status).toBe(200);
    expect(counted).toEqual(["files", "files", "files", "files"]);
    // The next window restores the budget.
    now += 40_750;
    expect((await app.request(FILES)).status).toBe(200);
  });

  test("a limiter that cannot decide (null) lets the request through", async () => {
    const { routes } = await testApp();
    const app = new Hono<AppEnv>()
      .use(routeContext(routes))
      .use(rateLimit({ check: async () => null }, { clientOf: () => "one" }))
      .get("*", (c) => c.text("ok"));
    expect(await statuses(app, FILES, 3)).toEqual([200, 200, 200]);
  });
});

describe("in-memory limiter", () => {
  test("forgets the stalest clients when full, never more than it may hold", async () => {
    const limiter = memoryRateLimiter({ files: { limit: 1, windowMs: DAY_MS } }, { maxEntries: 10, now: () => 0 });
    for (let i = 0; i < 10; i++) expect((await limiter.check("files", `c${i}`))?.allowed).toBe(true);
    expect((await limiter.check("files", "c9"))?.allowed).toBe(false);
    // Full of live windows: the oldest are forgotten (c0 gets a fresh budget), the newest are kept.
    expect((await limiter.check("files", "c10"))?.allowed).toBe(true);
    expect((await limiter.check("files", "c0"))?.allowed).toBe(true);
    expect((await limiter.check("files", "c9"))?.allowed).toBe(false);
    expect(await limiter.check("detail", "c1")).toBeNull();
  });
});

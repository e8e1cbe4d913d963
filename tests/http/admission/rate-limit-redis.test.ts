/**
 * Per-client rate limiting on real Redis (through the Upstash REST bridge): two app instances share
 * one budget per client, and a Redis that fails or stalls lets requests through and is counted.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { closedOrigin, hangingOrigin, REDIS_URL, startBridgeFixture, TOKEN } from "../../cache/redis-fixture.ts";
import type { BridgeFixture } from "../../cache/redis-fixture.ts";
import { testApp } from "../../_support/app.ts";

const DAY_MS = 86_400_000;
/** Class `files`, refused by validation before any work: cheap to repeat, and never cached. */
const FILES = "/v3_0/map/resampled_template";

let bridge: BridgeFixture;
/** A client address of this run only (the production key prefix is fixed): its keys are removed afterwards. */
const CLIENT = `198.18.${crypto.getRandomValues(new Uint8Array(2)).join(".")}`;

beforeAll(() => {
  bridge = startBridgeFixture("rate-limit");
});

afterAll(async () => {
  const redis = new RedisClient(REDIS_URL);
  try {
    const keys = (await redis.send("KEYS", [`siibra-edge:ratelimit:*:${CLIENT}:*`])) as string[];
    if (keys.length > 0) await redis.send("DEL", keys);
  } finally {
    redis.close();
  }
  await bridge?.cleanup();
});

async function awayFromWindowEnd(windowMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < 10_000) await Bun.sleep(left + 10);
}

const appOn = (url: string, limit: string) =>
  testApp({
    env: {
      SIIBRA_API_RATE_LIMIT: limit,
      // Only the limiter talks to Redis here.
      SIIBRA_API_CACHE: "memory",
      UPSTASH_REDIS_REST_URL: url,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
    },
  });

type AppLike = { request: (p: string, i?: RequestInit) => Response | Promise<Response> };
const from = (address: string) => ({ headers: { "x-forwarded-for": address } });

async function errorsCounted(app: AppLike): Promise<Record<string, number>> {
  const text = await (await app.request("/metrics")).text();
  return Object.fromEntries(
    [...text.matchAll(/^siibra_rate_limit_errors_total\{reason="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]),
  );
}

describe("rate limiting on Redis", () => {
  test("two instances share one budget per client", async () => {
    await awayFromWindowEnd(DAY_MS);
    const a = await appOn(bridge.url, "files=3/1d");
    const b = await appOn(bridge.url, "files=3/1d");
    const order: [AppLike, string][] = [
      [a.app, "a"],
      [b.app, "b"],
      [a.app, "a"],
      [b.app, "b"],
      [a.app, "a"],
    ];
    const seen: string[] = [];
    let last: Response | undefined;
    for (const [app, name] of order) {
      last = await app.request(FILES, from(CLIENT));
      seen.push(`${name}:${last.status}`);
    }
    // Each instance alone has seen at most 3 requests: only a shared count refuses the 4th and 5th.
    expect(seen).toEqual(["a:422", "b:422", "a:422", "b:429", "a:429"]);
    const windowEnd = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    expect(last?.headers.get("x-ratelimit-limit")).toBe("3");
    expect(last?.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(last?.headers.get("x-ratelimit-reset")).toBe(String(windowEnd / 1000));
    // Another client is unaffected, on either instance.
    const other = `${CLIENT.split(".").slice(0, 3).join(".")}.${(Number(CLIENT.split(".")[3]) + 1) % 256}`;
    expect((await b.app.request(FILES, from(other))).status).toBe(422);
    // The count is in Redis under the client's key (one window bucket).
    const redis = new RedisClient(REDIS_URL);
    try {
      const keys = (await redis.send("KEYS", [`siibra-edge:ratelimit:files:${CLIENT}:*`])) as string[];
      expect(keys).toEqual([`siibra-edge:ratelimit:files:${CLIENT}:${Math.floor(Date.now() / DAY_MS)}`]);
      expect(Number(await redis.get(keys[0]))).toBe(5);
      await redis.send("DEL", [`siibra-edge:ratelimit:files:${other}:${Math.floor(Date.now() / DAY_MS)}`]);
    } finally {
      redis.close();
    }
    expect(await errorsCounted(a.app)).toEqual({});
  });

  test("Redis down: requests are answered unlimited and the failed checks are counted", async () => {
    const { app } = await appOn(closedOrigin(), "files=1/1d");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.request(FILES, from(CLIENT))).status);
    expect(statuses).toEqual([422, 422, 422]);
    expect(await errorsCounted(app)).toEqual({ error: 3 });
  });

  test("Redis stalled: each check gives up after its bound and lets the request through", async () => {
    const stalled = hangingOrigin();
    try {
      const { app } = await appOn(stalled.url, "files=1/1d");
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await app.request(FILES, from(CLIENT))).status);
      expect(statuses).toEqual([422, 422]);
      const counted = await errorsCounted(app);
      expect((counted.error ?? 0) + (counted.timeout ?? 0)).toBe(2);
    } finally {
      stalled.stop();
    }
  });
});

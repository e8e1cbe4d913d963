/**
 * One contract for every ResponseCache: values come back byte-identical (Upstash's automatic
 * deserialization would turn "123" into 123), TTLs expire, overwrites win — and a Redis outage
 * resolves null/void in bounded time instead of failing or stalling a request.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { memoryCache, noCache, upstashCache } from "../../src/cache/index.ts";
import type { ResponseCache } from "../../src/cache/index.ts";
import { startRedisRestBridge } from "../../dev/redis-rest-bridge.ts";
import { closedOrigin, hangingOrigin, startBridgeFixture, TOKEN } from "./redis-fixture.ts";
import type { BridgeFixture } from "./redis-fixture.ts";

const TRICKY_VALUES: [string, string][] = [
  ["number-like", "123"],
  ["big-number-like", "12345678901234567890"],
  ["float-like", "1.50"],
  ["boolean-like", "true"],
  ["null-like", "null"],
  ["json object", '{"a":1}'],
  ["json with spaces", '{"error": true, "status_code": 404, "message": "{\\"detail\\":\\"x\\"}"}'],
  ["OK (left unencoded by Upstash)", "OK"],
  ["base64-like", "aGVsbG8="],
  ["unicode", "Ärea 44 · 中文 · 😀 · \u0000nul"],
  ["whitespace", "  padded\n\ttext  "],
  ["empty", ""],
];

type Subject = {
  cache: () => ResponseCache;
  prefix: () => string;
  /** Lets at least `seconds` pass for the store. */
  elapse: (seconds: number) => Promise<void>;
};

function contract(name: string, subject: Subject) {
  describe(`${name} contract`, () => {
    const key = (k: string) => `${subject.prefix()}${k}`;

    test("missing key → null", async () => {
      expect(await subject.cache().get(key("absent"))).toBeNull();
    });

    for (const [label, value] of TRICKY_VALUES) {
      test(`round-trips ${label} byte-identically`, async () => {
        const cache = subject.cache();
        await cache.set(key(`v:${label}`), value);
        const back = await cache.get(key(`v:${label}`));
        expect(typeof back).toBe("string");
        expect(back).toBe(value);
      });
    }

    test("overwrite wins", async () => {
      const cache = subject.cache();
      await cache.set(key("over"), "first");
      await cache.set(key("over"), "second");
      expect(await cache.get(key("over"))).toBe("second");
    });

    test("large value (2 MB) round-trips", async () => {
      const cache = subject.cache();
      const big = "abcdefghijklmnopqrstuvwxyz0123456789+/".repeat(55_000);
      await cache.set(key("big"), big);
      expect(await cache.get(key("big"))).toBe(big);
    });

    test("ttl expires; no ttl persists", async () => {
      const cache = subject.cache();
      await cache.set(key("ttl"), "short", 1);
      await cache.set(key("forever"), "kept");
      expect(await cache.get(key("ttl"))).toBe("short");
      await subject.elapse(1);
      expect(await cache.get(key("ttl"))).toBeNull();
      expect(await cache.get(key("forever"))).toBe("kept");
    });
  });
}

let clock = 0;
const memory = memoryCache({ maxEntries: 100, maxBytes: 16 * 1024 * 1024, now: () => clock });
contract("memoryCache", {
  cache: () => memory,
  prefix: () => "mem:",
  elapse: async (seconds) => {
    clock += seconds * 1000 + 1;
  },
});

let bridge: BridgeFixture;
let upstash: ResponseCache;
const upstashErrors: string[] = [];
beforeAll(() => {
  bridge = startBridgeFixture("cache-contract");
  // Generous timeout: the 2 MB value goes through JSON and base64 on a loaded CI machine.
  upstash = upstashCache({
    url: bridge.url,
    token: TOKEN,
    timeoutMs: 5000,
    onError: (op, err) => upstashErrors.push(`${op}: ${String(err)}`),
  });
});
afterAll(async () => {
  await bridge.cleanup();
});
contract("upstashCache via the REST bridge", {
  cache: () => upstash,
  prefix: () => bridge.prefix,
  elapse: (seconds) => Bun.sleep(seconds * 1000 + 150),
});
test("the upstash contract run reported no errors", () => {
  expect(upstashErrors).toEqual([]);
});

describe("memoryCache bounds", () => {
  test("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = memoryCache({ maxEntries: 2 });
    await cache.set("a", "1");
    await cache.set("b", "2");
    expect(await cache.get("a")).toBe("1"); // a is now the most recent
    await cache.set("c", "3");
    expect(await cache.get("b")).toBeNull();
    expect(await cache.get("a")).toBe("1");
    expect(await cache.get("c")).toBe("3");
  });

  test("evicts oldest entries beyond maxBytes; an oversized value is skipped without flushing", async () => {
    const cache = memoryCache({ maxEntries: 100, maxBytes: 30 });
    await cache.set("k1", "x".repeat(10)); // 12 units each
    await cache.set("k2", "y".repeat(10));
    await cache.set("k3", "z".repeat(10)); // 36 > 30: k1 goes
    expect(await cache.get("k1")).toBeNull();
    expect(await cache.get("k2")).toBe("y".repeat(10));
    await cache.set("huge", "h".repeat(100));
    expect(await cache.get("huge")).toBeNull();
    expect(await cache.get("k2")).toBe("y".repeat(10));
    expect(await cache.get("k3")).toBe("z".repeat(10));
  });

  test("overwriting does not double-count bytes", async () => {
    const cache = memoryCache({ maxEntries: 100, maxBytes: 30 });
    for (let i = 0; i < 10; i++) await cache.set("same", "v".repeat(20));
    await cache.set("other", "w");
    expect(await cache.get("same")).toBe("v".repeat(20));
    expect(await cache.get("other")).toBe("w");
  });
});

test("noCache stores nothing", async () => {
  const cache = noCache();
  await cache.set("k", "v");
  expect(await cache.get("k")).toBeNull();
});

describe("upstashCache outage: resolves null/void in bounded time and reports", () => {
  async function expectDegraded(url: string, boundMs: number) {
    const errors: string[] = [];
    const cache = upstashCache({ url, token: TOKEN, timeoutMs: 250, onError: (op) => errors.push(op) });
    const t0 = performance.now();
    expect(await cache.get("siibra-edge-test:outage")).toBeNull();
    expect(await cache.set("siibra-edge-test:outage", "v")).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(boundMs);
    expect(errors).toEqual(["get", "set"]);
  }

  test("bridge up, Redis unreachable (bridge answers 500)", async () => {
    const down = startRedisRestBridge({ port: 0, token: TOKEN, redisUrl: "redis://127.0.0.1:1" });
    try {
      await expectDegraded(down.url, 1000);
    } finally {
      await down.stop();
    }
  });

  test("REST endpoint closed (connection refused)", async () => {
    await expectDegraded(closedOrigin(), 1000);
  });

  test("REST endpoint stalls: each call gives up after timeoutMs", async () => {
    const hanging = hangingOrigin();
    try {
      await expectDegraded(hanging.url, 2 * 250 + 400);
    } finally {
      hanging.stop();
    }
  });

  test("wrong token (401) is a miss, not an exception", async () => {
    const errors: unknown[] = [];
    const fixture = startBridgeFixture("cache-401");
    try {
      const cache = upstashCache({ url: fixture.url, token: "wrong", onError: (_op, err) => errors.push(err) });
      expect(await cache.get(`${fixture.prefix}k`)).toBeNull();
      expect(String(errors[0])).toContain("Unauthorized");
    } finally {
      await fixture.cleanup();
    }
  });
});

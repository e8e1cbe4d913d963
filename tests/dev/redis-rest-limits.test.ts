/**
 * The bridge answers Upstash's errors past Upstash's limits (request 10 MB, key 32 KB, record 100 MB), through
 * the real @upstash/redis SDK and on the wire. Sizes are computed here from the wire format (a command is the
 * JSON array `["set", key, value]`), not taken from the bridge; what was stored is checked on Redis directly.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { Redis } from "@upstash/redis";
import { startRedisRestBridge } from "../../dev/redis-rest-bridge.ts";
import { REDIS_URL, TOKEN } from "../cache/redis-fixture.ts";
import type { RedisRestBridge } from "../../dev/redis-rest-bridge.ts";
import { limitsFromFlags, upstashLimits } from "../../dev/upstash-limits.ts";
import type { UpstashLimits } from "../../dev/upstash-limits.ts";

const MB = 1024 * 1024;
const REQUEST_LIMIT = 10 * MB;
const KEY_LIMIT = 32 * 1024;
const RECORD_LIMIT = 100 * MB;
const prefix = `siibra-edge-test:limits:${crypto.randomUUID()}:`;
const k = (name: string) => `${prefix}${name}`;

const bridges: RedisRestBridge[] = [];
let direct: RedisClient;
/** Default options but no auto-pipelining, so one command is one request of known size. */
let redis: Redis;
let url: string;

function bridge(limits?: Partial<UpstashLimits>): RedisRestBridge {
  const started = startRedisRestBridge({ port: 0, token: TOKEN, redisUrl: REDIS_URL, limits });
  bridges.push(started);
  return started;
}
const sdk = (at: RedisRestBridge, enableAutoPipelining = false) =>
  new Redis({ url: at.url, token: TOKEN, enableAutoPipelining, retry: false });

async function post(at: string, path: string, body: BodyInit) {
  const res = await fetch(`${at}${path}`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}` }, body });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

/** A SET request of exactly `total` bytes (ASCII, so characters are bytes). */
function setOfSize(key: string, total: number): string {
  const overhead = JSON.stringify(["set", key, ""]).length;
  return "v".repeat(total - overhead);
}

const stored = async (key: string) => Number(await direct.send("EXISTS", [key]));
const requestError = (actual: number) =>
  `ERR max request size exceeded. Limit: ${REQUEST_LIMIT} bytes, Actual: ${actual} bytes. ` +
  "See https://upstash.com/docs/redis/troubleshooting/max_request_size_exceeded for details";
const keyError = (actual: number) =>
  `ERR max key size exceeded. Limit: ${KEY_LIMIT} bytes, Actual: ${actual} bytes. ` +
  "See https://upstash.com/docs/redis/troubleshooting/max_key_size_exceeded for details";

beforeAll(async () => {
  direct = new RedisClient(REDIS_URL);
  await direct.connect();
  const defaults = bridge();
  url = defaults.url;
  redis = sdk(defaults);
});
afterAll(async () => {
  await Promise.all(bridges.map((b) => b.stop()));
  const keys = (await direct.send("KEYS", [`${prefix}*`])) as string[];
  if (keys.length > 0) await direct.send("DEL", keys);
  direct.close();
});

describe("request size (10 MB by default)", () => {
  test("a request of exactly 10 MB is served, one byte more is refused and nothing is stored", async () => {
    const value = setOfSize(k("at"), REQUEST_LIMIT);
    expect(await redis.set(k("at"), value)).toBe("OK");
    expect(Number(await direct.send("STRLEN", [k("at")]))).toBe(value.length);
    await expect(redis.set(k("over"), setOfSize(k("over"), REQUEST_LIMIT + 1))).rejects.toThrow(
      requestError(REQUEST_LIMIT + 1),
    );
    expect(await stored(k("over"))).toBe(0);
  });

  test("the whole request counts: a pipeline of two 6 MB values is refused as one, nothing applied", async () => {
    const p = sdk(bridges[0]).pipeline();
    p.set(k("p1"), "a".repeat(6 * MB));
    p.set(k("p2"), "b".repeat(6 * MB));
    await expect(p.exec()).rejects.toThrow("ERR max request size exceeded");
    expect(await stored(k("p1"))).toBe(0);
    expect(await stored(k("p2"))).toBe(0);
    // Auto-pipelining batches concurrent commands into one request: same refusal for each of them.
    const auto = sdk(bridges[0], true);
    const both = await Promise.allSettled([
      auto.set(k("a1"), "a".repeat(6 * MB)),
      auto.set(k("a2"), "b".repeat(6 * MB)),
    ]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((await stored(k("a1"))) + (await stored(k("a2")))).toBe(0);
  });

  test("multi-exec and a body without Content-Length are measured the same way", async () => {
    const body = JSON.stringify([["SET", k("tx"), "x".repeat(REQUEST_LIMIT)]]);
    expect(await post(url, "/multi-exec", body)).toEqual({ status: 400, body: { error: requestError(body.length) } });
    expect(await stored(k("tx"))).toBe(0);
    const bytes = new TextEncoder().encode(JSON.stringify(["SET", k("chunked"), "y".repeat(REQUEST_LIMIT)]));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += MB) controller.enqueue(bytes.subarray(i, i + MB));
        controller.close();
      },
    });
    expect(await post(url, "/", stream)).toEqual({ status: 400, body: { error: requestError(bytes.length) } });
    expect(await stored(k("chunked"))).toBe(0);
  });

  test("reading more than 10 MB back in one request is refused too", async () => {
    const half = 6 * MB;
    await redis.set(k("big"), "r".repeat(half));
    await redis.append(k("big"), "s".repeat(half));
    await expect(redis.get(k("big"))).rejects.toThrow(requestError(2 * half));
    expect(await redis.strlen(k("big"))).toBe(2 * half);
    expect(await redis.getrange(k("big"), 0, 9)).toBe("rrrrrrrrrr");
  });
});

describe("key size (32 KB)", () => {
  test("a key of exactly 32 KB is accepted, one byte more refused, in bytes not characters", async () => {
    const at = prefix + "k".repeat(KEY_LIMIT - prefix.length);
    expect(await redis.set(at, "v")).toBe("OK");
    expect(await stored(at)).toBe(1);
    const over = `${at}k`;
    await expect(redis.set(over, "v")).rejects.toThrow(keyError(KEY_LIMIT + 1));
    expect(await stored(over)).toBe(0);
    // "é" is 2 bytes: a key shorter than the limit in characters but longer in bytes is refused.
    const wide = prefix + "é".repeat(Math.floor((KEY_LIMIT - prefix.length) / 2) + 1);
    const wideBytes = new TextEncoder().encode(wide).length;
    expect(wide.length).toBeLessThan(KEY_LIMIT);
    expect(wideBytes).toBeGreaterThan(KEY_LIMIT);
    await expect(redis.set(wide, "v")).rejects.toThrow(keyError(wideBytes));
    // Reads name the key too.
    await expect(redis.get(over)).rejects.toThrow(keyError(KEY_LIMIT + 1));
  });

  test("every key of a command counts, not its values: MSET's second key, EVAL's keys", async () => {
    const long = prefix + "m".repeat(KEY_LIMIT);
    await expect(redis.mset({ [k("m1")]: "1", [long]: "2" })).rejects.toThrow("ERR max key size exceeded");
    expect(await stored(k("m1"))).toBe(0);
    await expect(redis.eval("return 1", [long], [])).rejects.toThrow("ERR max key size exceeded");
    // A long value (or script argument) is not a key.
    expect(await redis.set(k("long-value"), "x".repeat(KEY_LIMIT * 2))).toBe("OK");
    expect(await redis.eval("return #ARGV[1]", [k("e")], ["a".repeat(KEY_LIMIT * 2)])).toBe(KEY_LIMIT * 2);
  });

  test("in a pipeline the command fails alone; a transaction is refused whole", async () => {
    const long = prefix + "p".repeat(KEY_LIMIT);
    const p = redis.pipeline();
    p.set(k("before"), "1");
    p.set(long, "2");
    p.set(k("after"), "3");
    const results = await p.exec({ keepErrors: true });
    expect(results.map((r) => r.error)).toEqual([undefined, keyError(long.length), undefined]);
    expect((await stored(k("before"))) + (await stored(k("after")))).toBe(2);
    const tx = await post(
      url,
      "/multi-exec",
      JSON.stringify([
        ["SET", k("tx-k"), "1"],
        ["SET", long, "2"],
      ]),
    );
    expect(tx).toEqual({ status: 400, body: { error: keyError(long.length) } });
    expect(await stored(k("tx-k"))).toBe(0);
  });
});

describe("record size (100 MB)", () => {
  test("an entry grown to exactly 100 MB is kept; one byte more is refused and the entry stays as it was", async () => {
    const piece = 8 * MB;
    const key = k("record");
    await redis.set(key, "a".repeat(piece));
    for (let size = piece; size < RECORD_LIMIT; size += piece)
      await redis.append(key, "a".repeat(Math.min(piece, RECORD_LIMIT - size)));
    expect(Number(await direct.send("STRLEN", [key]))).toBe(RECORD_LIMIT);
    await expect(redis.append(key, "a")).rejects.toThrow("ERR max single record size exceeded");
    expect(Number(await direct.send("STRLEN", [key]))).toBe(RECORD_LIMIT);
    await direct.send("DEL", [key]);
  }, 60_000);

  test("a single value over the limit (limits scaled down): SET just under passes, just over stores nothing", async () => {
    const small = sdk(bridge({ recordBytes: 1000 }));
    expect(await small.set(k("r-at"), "v".repeat(1000))).toBe("OK");
    await expect(small.set(k("r-over"), "v".repeat(1001))).rejects.toThrow("ERR max single record size exceeded");
    expect(await stored(k("r-over"))).toBe(0);
    await expect(small.mset({ [k("r-m1")]: "1", [k("r-m2")]: "v".repeat(1001) })).rejects.toThrow(
      "ERR max single record size exceeded",
    );
    expect(await stored(k("r-m1"))).toBe(0);
    // Replacing an entry is judged by the new value alone; growing it by what it holds.
    expect(await small.set(k("r-at"), "w".repeat(1000))).toBe("OK");
    expect(await small.rpush(k("r-list"), "l".repeat(600))).toBe(1);
    await expect(small.rpush(k("r-list"), "l".repeat(600))).rejects.toThrow("ERR max single record size exceeded");
    expect(await small.llen(k("r-list"))).toBe(1);
  });
});

describe("configuration", () => {
  test("a limit set to 0 is off; others stay Upstash's", async () => {
    const open = bridge({ requestBytes: 0 });
    const over = setOfSize(k("open"), REQUEST_LIMIT + 1);
    expect(await sdk(open).set(k("open"), over)).toBe("OK");
    expect(await stored(k("open"))).toBe(1);
    await expect(sdk(open).set(prefix + "o".repeat(KEY_LIMIT), "v")).rejects.toThrow("ERR max key size exceeded");
  });

  test("command-line flags: binary MB and KB, fractions, 0 = off, unnamed ones Upstash's", () => {
    const flags = limitsFromFlags({ "max-request-mb": "0.5", "max-key-kb": "0" });
    expect(flags).toEqual({ requestBytes: 512 * 1024, keyBytes: 0 });
    expect(upstashLimits(flags)).toEqual({ requestBytes: 512 * 1024, recordBytes: RECORD_LIMIT, keyBytes: Infinity });
    expect(upstashLimits()).toEqual({ requestBytes: REQUEST_LIMIT, recordBytes: RECORD_LIMIT, keyBytes: KEY_LIMIT });
    expect(() => limitsFromFlags({ "max-record-mb": "ten" })).toThrow('not a size: "ten"');
  });
});

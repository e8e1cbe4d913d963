/**
 * The bridge against the real @upstash/redis SDK with default options (base64 responses,
 * auto-pipelining, automatic deserialization) on the local redis-server.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Redis } from "@upstash/redis";
import { startRedisRestBridge } from "../../dev/redis-rest-bridge.ts";
import { startBridgeFixture, TOKEN } from "../cache/redis-fixture.ts";
import type { BridgeFixture } from "../cache/redis-fixture.ts";

let bridge: BridgeFixture;
let redis: Redis;
const k = (name: string) => `${bridge.prefix}${name}`;

beforeAll(() => {
  bridge = startBridgeFixture("bridge");
  redis = new Redis({ url: bridge.url, token: TOKEN });
});
afterAll(async () => {
  await bridge.cleanup();
});

/** Raw wire access, to check what the SDK would hide. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("values through the SDK", () => {
  test("strings, emoji, numbers, big numbers, objects", async () => {
    await redis.set(k("s"), "hello");
    await redis.set(k("emoji"), "Ärea 😀 中文");
    await redis.set(k("n"), 42);
    await redis.set(k("f"), 1.5);
    await redis.set(k("big"), "12345678901234567890");
    await redis.set(k("obj"), { a: 1, nested: { b: [1, "x"] } });
    expect(await redis.get(k("s"))).toBe("hello");
    expect(await redis.get(k("emoji"))).toBe("Ärea 😀 中文");
    expect(await redis.get(k("n"))).toBe(42);
    expect(await redis.get(k("f"))).toBe(1.5);
    expect(await redis.get(k("big"))).toBe("12345678901234567890");
    expect(await redis.get(k("obj"))).toEqual({ a: 1, nested: { b: [1, "x"] } });
    expect(await redis.get(k("absent"))).toBeNull();
    expect(await redis.incr(k("n"))).toBe(43);
  });

  test("hashes: hgetall returns an object", async () => {
    await redis.hset(k("h"), { name: "PGa", count: 3, meta: { x: 1 } });
    expect(await redis.hgetall(k("h"))).toEqual({ name: "PGa", count: 3, meta: { x: 1 } });
    expect(await redis.hget(k("h"), "name")).toBe("PGa");
  });

  test("sorted sets with scores", async () => {
    await redis.zadd(k("z"), { score: 2, member: "b" }, { score: 1.5, member: "a" });
    expect(await redis.zrange(k("z"), 0, -1, { withScores: true })).toEqual(["a", 1.5, "b", 2]);
    expect(await redis.zrange(k("z"), 0, -1)).toEqual(["a", "b"]);
  });

  test("TTL and expiry", async () => {
    await redis.set(k("ttl"), "v", { ex: 100 });
    const ttl = await redis.ttl(k("ttl"));
    expect(ttl).toBeGreaterThan(95);
    expect(ttl).toBeLessThanOrEqual(100);
    await redis.set(k("short"), "v", { px: 50 });
    await Bun.sleep(120);
    expect(await redis.get(k("short"))).toBeNull();
    expect(await redis.ttl(k("absent"))).toBe(-2);
  });

  test("auto-pipelining: concurrent commands come back in order", async () => {
    const keys = Array.from({ length: 50 }, (_, i) => k(`ap:${i}`));
    await Promise.all(keys.map((key, i) => redis.set(key, `value-${i}`)));
    const values = await Promise.all(keys.map((key) => redis.get(key)));
    expect(values).toEqual(keys.map((_, i) => `value-${i}`));
  });
});

describe("pipelines and transactions", () => {
  test("pipeline runs in order", async () => {
    const p = redis.pipeline();
    p.set(k("p"), 1);
    p.incr(k("p"));
    p.get(k("p"));
    p.hset(k("ph"), { a: "x" });
    p.hgetall(k("ph"));
    expect(await p.exec()).toEqual(["OK", 2, 2, 1, { a: "x" }]);
  });

  test("pipeline item errors stay per item", async () => {
    await redis.set(k("pe"), "text");
    const p = redis.pipeline();
    p.incr(k("pe"));
    p.get(k("pe"));
    const results = await p.exec({ keepErrors: true });
    expect(results[0].error).toContain("ERR value is not an integer");
    expect(results[1]).toEqual({ error: undefined, result: "text" });
  });

  test("multi-exec is atomic on its own connection", async () => {
    const tx = redis.multi();
    tx.set(k("tx"), "1");
    tx.incrby(k("tx"), 10);
    tx.get(k("tx"));
    expect(await tx.exec()).toEqual(["OK", 11, 11]);
  });

  test("multi-exec with a runtime error: other commands still applied", async () => {
    const tx = redis.multi();
    tx.set(k("txe"), "abc");
    tx.incr(k("txe"));
    await expect(tx.exec()).rejects.toThrow("Command 2 [ incr ] failed: ERR value is not an integer");
    expect(await redis.get(k("txe"))).toBe("abc");
  });

  test("multi-exec rejected as a whole (queueing error) → 400 and nothing applied", async () => {
    const res = await post("/multi-exec", [["SET", k("txa"), "1"], ["NOSUCHCOMMAND"]]);
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toContain("unknown command");
    expect(await redis.exists(k("txa"))).toBe(0);
  });
});

describe("errors and wire format", () => {
  test("a command error propagates to the SDK", async () => {
    await redis.hset(k("eh"), { a: 1 });
    await expect(redis.incr(k("eh"))).rejects.toThrow("WRONGTYPE");
  });

  test("command error on / is 400 {error}", async () => {
    const res = await post("/", ["INCR", k("eh")]);
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toStartWith("WRONGTYPE");
  });

  test("base64: nested strings encoded, a top-level OK is not, numbers and null untouched", async () => {
    const enc = { "upstash-encoding": "base64" };
    expect((await post("/", ["SET", k("w"), "OK"], enc)).body).toEqual({ result: "OK" });
    expect((await post("/", ["GET", k("w")], enc)).body).toEqual({ result: "OK" });
    expect((await post("/", ["MGET", k("w"), k("absent")], enc)).body).toEqual({ result: [btoa("OK"), null] });
    expect(
      (
        await post(
          "/pipeline",
          [
            ["SET", k("w"), "é"],
            ["GET", k("w")],
            ["STRLEN", k("w")],
          ],
          enc,
        )
      ).body,
    ).toEqual([{ result: "OK" }, { result: Buffer.from("é").toString("base64") }, { result: 2 }]);
    expect((await post("/", ["GET", k("w")])).body).toEqual({ result: "é" });
  });

  test("commands that would change the shared connection are refused", async () => {
    const res = await post("/", ["SELECT", "1"]);
    expect(res.status).toBe(400);
    expect((await post("/pipeline", [["MULTI"]])).status).toBe(400);
  });

  test("malformed body → 400", async () => {
    const res = await fetch(bridge.url, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}` },
      body: "not json",
    });
    expect(res.status).toBe(400);
  });

  test("bad token → 401 and the SDK throws", async () => {
    expect((await post("/", ["PING"], { authorization: "Bearer nope" })).status).toBe(401);
    const wrong = new Redis({ url: bridge.url, token: "nope", retry: false });
    await expect(wrong.get(k("s"))).rejects.toThrow("Unauthorized");
  });

  test("Redis unreachable → 500 quickly, for /, /pipeline and /multi-exec", async () => {
    const down = startRedisRestBridge({ port: 0, token: TOKEN, redisUrl: "redis://127.0.0.1:1" });
    try {
      const t0 = performance.now();
      for (const [path, body] of [
        ["/", ["GET", "x"]],
        ["/pipeline", [["GET", "x"]]],
        ["/multi-exec", [["GET", "x"]]],
      ] as const) {
        const res = await fetch(`${down.url}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(500);
        expect(((await res.json()) as { error: string }).error).toStartWith("ERR");
      }
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      await down.stop();
    }
  });

  test("reconnects after the Redis connection drops", async () => {
    await redis.set(k("rc"), "before");
    const admin = new Bun.RedisClient("redis://127.0.0.1:6379");
    try {
      // Only this bridge's connection (named by port): other suites may share the redis-server.
      const name = `redis-rest-bridge-${new URL(bridge.url).port}`;
      const list = String(await admin.send("CLIENT", ["LIST"]));
      const ids = list
        .split("\n")
        .filter((l) => l.includes(` name=${name} `))
        .map((l) => /id=(\d+)/.exec(l)?.[1] ?? "");
      expect(ids.length).toBe(1);
      await admin.send("CLIENT", ["KILL", "ID", ids[0]]);
    } finally {
      admin.close();
    }
    await Bun.sleep(20);
    expect(await redis.get(k("rc"))).toBe("before");
    expect(await redis.set(k("rc"), "after")).toBe("OK");
  });
});

describe("Upstash-only script flags", () => {
  // `@upstash/ratelimit` ≥ 2.1 marks its scripts so; Upstash accepts the flag, Redis refuses unknown ones.
  const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
  const sha = new Bun.CryptoHasher("sha1").update(script).digest("hex");

  test("EVAL, EVALSHA and SCRIPT LOAD accept them, under the hash of the script as sent", async () => {
    expect(await post("/", ["eval", script, 1, k("flagged"), 2])).toEqual({ status: 200, body: { result: 2 } });
    expect(await post("/", ["evalsha", sha, 1, k("flagged"), 3])).toEqual({ status: 200, body: { result: 5 } });
    expect(await post("/", ["script", "load", script])).toEqual({ status: 200, body: { result: sha } });
    expect(await redis.evalsha(sha, [k("flagged")], [1])).toBe(6);
    // Flags Redis knows are kept (a no-writes script may not write).
    const readOnly = "#!lua flags=allow-key-locking,no-writes\nreturn redis.call('INCR', KEYS[1])";
    const refused = await post("/", ["eval", readOnly, 1, k("flagged")]);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("Write commands are not allowed");
  });
});

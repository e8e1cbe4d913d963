/**
 * Outcomes of any size in Redis: small answers as one value, large ones as chunks of at most 1 MiB per
 * command under keys of their own, read back as a stream — against the real redis-server through the
 * Upstash REST bridge and the real SDK.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { redisKeep, CHUNK_BYTES } from "../../src/transport/keep-redis.ts";
import { upstashResults } from "../../src/transport/redis-outcomes.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { FileStream } from "../../src/lib/file-stream.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { REDIS_URL, TOKEN, startBridgeFixture } from "../cache/redis-fixture.ts";

const bridge = startBridgeFixture("keep-redis");
afterAll(() => bridge.cleanup());
const results = upstashResults({ url: bridge.url, token: TOKEN, timeoutMs: 5_000 });
const keep = redisKeep(results, "test");
const key = (name: string) => `${bridge.prefix}${name}`;

/** Bytes no simple pattern reproduces, so a chunk out of place or missing changes the result. */
function noise(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

async function rawValues(pattern: string): Promise<Map<string, string>> {
  const redis = new RedisClient(REDIS_URL);
  try {
    const keys = (await redis.send("KEYS", [pattern])) as string[];
    const values = new Map<string, string>();
    for (const k of keys) values.set(k, (await redis.send("GET", [k])) as string);
    return values;
  } finally {
    redis.close();
  }
}

describe("outcomes in Redis", () => {
  test("a small JSON answer and a small file stay one value each", async () => {
    await keep.set(key("json"), new RawJson('{"a":1}'), 60_000);
    await keep.set(key("file"), new FileBody(noise(1000), "application/zip", { x: "y" }), 60_000);
    expect((await rawValues(`siibra-edge:outcome:${key("json")}*`)).size).toBe(1);
    expect((await rawValues(`siibra-edge:outcome:${key("file")}*`)).size).toBe(1);
    const json = await keep.get(key("json"));
    expect(json).toBeInstanceOf(RawJson);
    expect((json as RawJson).text).toBe('{"a":1}');
    const file = await keep.get(key("file"));
    expect(file).toBeInstanceOf(FileBody);
    expect((file as FileBody).bytes).toEqual(noise(1000));
  });

  test("a large file goes in chunks of at most 1 MiB per command and comes back as a stream of the same bytes", async () => {
    const size = 5 * CHUNK_BYTES + 12_345;
    const bytes = noise(size);
    await keep.set(key("big"), new FileBody(bytes, "application/gzip", { "content-disposition": "x" }, true), 60_000);
    const stored = await rawValues(`siibra-edge:outcome:${key("big")}*`);
    expect(stored.size).toBe(1 + 6);
    for (const [k, v] of stored) {
      expect(v.length).toBeLessThanOrEqual(1024 * 1024);
      if (k !== `siibra-edge:outcome:${key("big")}`)
        expect(Uint8Array.fromBase64(v).byteLength).toBeLessThanOrEqual(CHUNK_BYTES);
    }
    const answer = await keep.get(key("big"));
    expect(answer).toBeInstanceOf(FileStream);
    // What a waiting server polls reads it the same way.
    expect((await keep.watch?.(key("big")))?.kept).toBeInstanceOf(FileStream);
    const stream = answer as FileStream;
    expect([stream.size, stream.contentType, stream.headers, stream.partial]).toEqual([
      size,
      "application/gzip",
      { "content-disposition": "x" },
      true,
    ]);
    // Each read is a stream of its own: two clients sharing the answer both get every byte.
    const [a, b] = await Promise.all([new Response(stream.open()).bytes(), new Response(stream.open()).bytes()]);
    expect(a).toEqual(bytes);
    expect(b).toEqual(bytes);
    const digest = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
    expect(stored.get(`siibra-edge:outcome:${key("big")}`)).toContain(digest);
  });

  test("a large JSON answer is chunked too and streams as application/json", async () => {
    const text = JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => ({ i, name: `region ${i}` })) });
    expect(text.length).toBeGreaterThan(1024 * 1024);
    await keep.set(key("big-json"), new RawJson(text), 60_000);
    const answer = (await keep.get(key("big-json"))) as FileStream;
    expect(answer.contentType).toBe("application/json");
    expect(new TextDecoder().decode(await new Response(answer.open()).bytes())).toBe(text);
  });

  test("a chunk gone between the head and the read fails the transfer instead of truncating it", async () => {
    await keep.set(key("gone"), new FileBody(noise(3 * CHUNK_BYTES), "application/zip"), 60_000);
    const redis = new RedisClient(REDIS_URL);
    await redis.send("DEL", [`siibra-edge:outcome:${key("gone")}:1`]);
    redis.close();
    const answer = (await keep.get(key("gone"))) as FileStream;
    await expect(new Response(answer.open()).bytes()).rejects.toThrow(/chunk 1/);
  });
});

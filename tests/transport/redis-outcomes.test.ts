/**
 * One contract for the outcome store in both forms: Redis (the real redis-server through the Upstash-REST
 * bridge) and the in-process one the transport tests use. What a waiting server reads about a job — the
 * outcome, the claim, the last write's mark — must mean the same in both.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { memoryResults, upstashResults, WRITE_MARK_MS } from "../../src/transport/redis-outcomes.ts";
import { REDIS_URL, startBridgeFixture, TOKEN } from "../cache/redis-fixture.ts";
import type { BridgeFixture } from "../cache/redis-fixture.ts";
import type { JobResults } from "../../src/transport/redis-outcomes.ts";

const OUTCOME = { status: 200 as const, body: '{"n":1,"text":"line\\nbreak"}' };
const ids: string[] = [];
const freshId = () => {
  const id = crypto.randomUUID().replaceAll("-", "");
  ids.push(id);
  return id;
};

let bridge: BridgeFixture;
let redis: RedisClient;

beforeAll(() => {
  bridge = startBridgeFixture("outcomes");
  redis = new RedisClient(REDIS_URL);
});

afterAll(async () => {
  const keys = ids.flatMap((id) => ["outcome", "claim", "written"].map((kind) => `siibra-edge:${kind}:${id}`));
  if (keys.length > 0) await redis.send("DEL", keys);
  redis.close();
  await bridge.cleanup();
});

type Subject = { results: () => JobResults; lose: (id: string) => Promise<void> };

function contract(name: string, subject: Subject) {
  describe(`${name}: what a waiting server reads`, () => {
    test("nothing yet: no outcome, no claim, no mark", async () => {
      expect(await subject.results().look(freshId())).toEqual({ outcome: null, claimed: false, written: null });
    });

    test("a stored outcome comes with a mark unique to that write", async () => {
      const results = subject.results();
      const id = freshId();
      await results.set(id, OUTCOME, 60);
      const first = await results.look(id);
      expect(first.outcome).toEqual(OUTCOME);
      expect(first.claimed).toBe(false);
      expect(typeof first.written).toBe("string");
      await results.set(id, OUTCOME, 60);
      const second = await results.look(id);
      expect(second.written).not.toBeNull();
      expect(second.written).not.toBe(first.written);
    });

    test("an outcome lost after it was stored leaves its mark: no outcome, no claim, a mark", async () => {
      const results = subject.results();
      const id = freshId();
      await results.set(id, OUTCOME, 60);
      const { written } = await results.look(id);
      await subject.lose(id);
      expect(await results.get(id)).toBeNull();
      expect(await results.look(id)).toEqual({ outcome: null, claimed: false, written });
    });

    test("a held claim is seen until it is released", async () => {
      const results = subject.results();
      const id = freshId();
      expect(await results.claim(id, "holder", 5_000)).toBe(true);
      expect(await results.look(id)).toEqual({ outcome: null, claimed: true, written: null });
      await results.release(id, "holder");
      expect((await results.look(id)).claimed).toBe(false);
    });
  });
}

const memory = memoryResults();
contract("in-process results", { results: () => memory, lose: async (id) => memory.drop(id) });

contract("Redis results (through the REST bridge)", {
  results: () => upstashResults({ url: bridge.url, token: TOKEN }),
  lose: async (id) => void (await redis.send("DEL", [`siibra-edge:outcome:${id}`])),
});

describe("marks expire on their own", () => {
  const pttl = async (kind: string, id: string) => Number(await redis.send("PTTL", [`siibra-edge:${kind}:${id}`]));

  test("in Redis after WRITE_MARK_MS, the outcome after its own lifetime", async () => {
    const id = freshId();
    await upstashResults({ url: bridge.url, token: TOKEN }).set(id, OUTCOME, 60);
    expect(await pttl("written", id)).toBeGreaterThan(WRITE_MARK_MS - 1_000);
    expect(await pttl("written", id)).toBeLessThanOrEqual(WRITE_MARK_MS);
    expect(await pttl("outcome", id)).toBeGreaterThan(59_000);
  });

  /** Samples `look` until both are gone: never a mark without its outcome (that would read as a loss). */
  async function expiresInOrder(results: JobResults, id: string) {
    await results.set(id, OUTCOME, 1);
    const seen = new Set<string>();
    for (let state = await results.look(id); state.outcome || state.written; state = await results.look(id)) {
      seen.add(`${state.outcome ? "outcome" : "-"} ${state.written ? "mark" : "-"}`);
      await Bun.sleep(5);
    }
    expect(seen.has("outcome mark")).toBe(true);
    expect(seen.has("- mark")).toBe(false);
  }

  test("in Redis before a short-lived outcome: one that expired in its time is not taken for lost", async () => {
    const id = freshId();
    await expiresInOrder(upstashResults({ url: bridge.url, token: TOKEN }), id);
  });

  test("in the process alike", async () => {
    await expiresInOrder(memoryResults(), "short");
  });
});

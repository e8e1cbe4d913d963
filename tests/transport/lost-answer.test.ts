/**
 * Role `server` waiting for a job whose answer is lost after a worker stored it (evicted, deleted): the
 * transport notices it (the write's mark without the answer and without a claim) and publishes the job again
 * at once, instead of waiting for the queue timeout; a job merely queued, running, or due for QStash's retry
 * is not published again. Real in-process results and the real claim; a fake queue stands for QStash and a
 * worker (tests/e2e/lost-answer.test.ts does the same with real processes).
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { qstashTransport } from "../../src/transport/qstash-transport.ts";
import { redisKeep } from "../../src/transport/keep-redis.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";
import { CLAIM_DEFAULTS, claimJob } from "../../src/transport/claims.ts";
import { defineJob } from "../../jobs/job.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { counted } from "../_support/counted-transport.ts";
import type { Job } from "../../jobs/job.ts";
import type { JobMessage } from "../../src/transport/message.ts";
import type { QStashPublisher } from "../../src/transport/qstash-publisher.ts";

const echo = defineJob({
  name: "test.echo",
  queue: "core",
  payload: v.object({ n: v.number() }),
  run: ({ n }) => ({ n }),
  python: { name: "f", source: "def f(): pass" },
}) as Job;
const perQueue = <T>(value: T) => ({ core: value, features: value, volumes: value, compounds: value });
const TIMEOUT_MS = 5_000;

type Behaviour = {
  /** Time between a publish and its delivery (Infinity: never delivered within the test). */
  queueMs?: number;
  /** Whether the nth delivery (from 0) fails transiently: claim released, nothing stored, QStash retries. */
  fails?: (nth: number) => boolean;
  /** Whether the answer the nth delivery stored is lost right after it was stored (and the claim released). */
  loses?: (nth: number) => boolean;
};

/** A queue and a worker: each delivery takes the job's claim, stores the answer, releases the claim. */
function fakeQueue(results: ReturnType<typeof memoryResults>, behaviour: Behaviour) {
  const published: { id: string; deduplicationId: string }[] = [];
  let deliveries = 0;
  const deliver = async (message: JobMessage) => {
    const nth = deliveries++;
    const claim = await claimJob(results, message.id, CLAIM_DEFAULTS);
    if (typeof claim !== "object") return;
    if (behaviour.fails?.(nth)) {
      await claim.release();
      setTimeout(() => void deliver(message), 300);
      return;
    }
    await results.set(message.id, { status: 200, body: JSON.stringify(message.payload) }, 60);
    await claim.release();
    if (behaviour.loses?.(nth)) results.drop(message.id);
  };
  const publisher: QStashPublisher = {
    async publish(message, deduplicationId) {
      published.push({ id: message.id, deduplicationId });
      const queueMs = behaviour.queueMs ?? 0;
      if (queueMs !== Number.POSITIVE_INFINITY) setTimeout(() => void deliver(message), queueMs);
    },
  };
  return { publisher, published, deliveries: () => deliveries };
}

/** Role server's transport over the in-process results, the fake queue, and a fallback that answers here. */
function setUp(behaviour: Behaviour) {
  const results = memoryResults();
  const keep = redisKeep(results, `test-${crypto.randomUUID()}`);
  const queue = fakeQueue(results, behaviour);
  const fallback = counted({ execute: async (_job, parsed) => new RawJson(JSON.stringify(parsed)) });
  const transport = qstashTransport({
    qstash: { url: "http://127.0.0.1:9", token: "unused" },
    workers: perQueue(["http://127.0.0.1:9"]),
    parallelism: perQueue(1),
    timeoutMs: perQueue(TIMEOUT_MS),
    retries: 0,
    keep,
    fallback,
    fallbackLaunch: async () => {},
    logger: consoleLogger("silent"),
    publisher: queue.publisher,
    republishes: 2,
  });
  const keyOf = async (n: number) => keep.keyOf(echo, { n });
  const ask = async (n: number) => {
    const key = await keyOf(n);
    const started = performance.now();
    const answer = await transport.execute(echo, { n }, key);
    return { answer: answer as RawJson, ms: performance.now() - started, key };
  };
  return { results, queue, fallback, keyOf, ask };
}

describe("an answer lost after it was stored (role server)", () => {
  test("is noticed and the job published again at once, with a fresh deduplication id", async () => {
    const { queue, fallback, ask } = setUp({ loses: (nth) => nth === 0 });
    const { answer, ms } = await ask(1);
    expect(answer.text).toBe('{"n":1}');
    expect(queue.published.length).toBe(2);
    expect(queue.published[1].deduplicationId).not.toBe(queue.published[0].deduplicationId);
    expect(queue.deliveries()).toBe(2);
    expect(fallback.ran).toEqual([]);
    // Milliseconds here; without noticing the loss it would have been the whole queue timeout and a 503.
    expect(ms).toBeLessThan(1_000);
  });

  test("an answer the keep never holds is published again twice, then the job runs here: no loop, no timeout", async () => {
    const { queue, fallback, ask } = setUp({ loses: () => true });
    const { answer, ms } = await ask(2);
    expect(answer.text).toBe('{"n":2}');
    expect(queue.published.length).toBe(3);
    expect(new Set(queue.published.map((p) => p.deduplicationId)).size).toBe(3);
    expect(fallback.ran).toEqual([echo.name]);
    expect(ms).toBeLessThan(1_000);
  });

  test("a job merely queued (no claim, no mark yet) is waited on, not published again", async () => {
    const { queue, fallback, ask } = setUp({ queueMs: 400 });
    const { answer, ms } = await ask(3);
    expect(answer.text).toBe('{"n":3}');
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(queue.published.length).toBe(1);
    expect(fallback.ran).toEqual([]);
  });

  test("a run that failed transiently (claim released, nothing stored) is left to QStash's retry", async () => {
    const { queue, ask } = setUp({ fails: (nth) => nth === 0 });
    const { answer, ms } = await ask(4);
    expect(answer.text).toBe('{"n":4}');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(queue.published.length).toBe(1);
    expect(queue.deliveries()).toBe(2);
  });

  test("an earlier write's mark does not count while a worker holds the claim: the run is waited on", async () => {
    const { results, queue, keyOf, ask } = setUp({ queueMs: Number.POSITIVE_INFINITY });
    const key = await keyOf(5);
    const answer = { status: 200 as const, body: '{"n":5}' };
    // An earlier answer was stored and lost, and another delivery (another server's) runs the job again now.
    await results.set(key, answer, 60);
    results.drop(key);
    expect(await results.claim(key, "another-worker", 5_000)).toBe(true);
    setTimeout(async () => {
      await results.set(key, answer, 60);
      await results.release(key, "another-worker");
    }, 300);
    const { answer: got, ms } = await ask(5);
    expect(got.text).toBe('{"n":5}');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(queue.published.length).toBe(1);
  });
});

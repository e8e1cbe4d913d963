import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { qstashTransport } from "../../src/transport/qstash-transport.ts";
import { qstashReceiver } from "../../src/transport/qstash-receiver.ts";
import { answerPipeline } from "../../src/transport/pipeline.ts";
import { backgroundQueue } from "../../src/transport/background.ts";
import { inlineTransport } from "../../src/transport/inline.ts";
import { redisKeep } from "../../src/transport/keep-redis.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";
import { defineJob } from "../../jobs/job.ts";
import { jobDeliveryRoutes } from "../../routes/job-delivery.ts";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { AppError } from "../../src/errors.ts";
import { testApp } from "../_support/app.ts";
import type { Job } from "../../jobs/job.ts";
import type { KeepPolicy } from "../../src/transport/keep.ts";
import type { JobResults } from "../../src/transport/redis-outcomes.ts";
import type { Queue } from "../../jobs/queues.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import { counted } from "../_support/counted-transport.ts";

const { services } = await testApp();
const python = { name: "f", source: "def f(): pass" };
const silentLog = consoleLogger("silent");
/** Partial answers are kept for the failure memory only: here half a second, a one-second expiry in Redis. */
const POLICY: KeepPolicy = { immutableMs: 60_000, resultMs: 60_000, partialMs: 500 };

/** Small jobs whose runs the test can count; `test.partial` reports a failed source, `test.missing` is a 404. */
const runs: string[] = [];
const echo = defineJob({
  name: "test.echo",
  queue: "core",
  payload: v.object({ n: v.number() }),
  run: ({ n }) => {
    runs.push(`echo ${n}`);
    return { n, text: "line\nbreak \u00e9" };
  },
  python,
});
const partial = defineJob({
  name: "test.partial",
  queue: "core",
  payload: v.object({ n: v.number() }),
  run: ({ n }, ctx) => {
    runs.push(`partial ${n}`);
    ctx.markPartial();
    return { n };
  },
  python,
});
const fileBytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
const file = defineJob({
  name: "test.file",
  queue: "volumes",
  payload: v.object({}),
  run: () => new FileBody(fileBytes, "application/octet-stream", { "content-disposition": "attachment; filename=x" }),
  python,
});
const missing = defineJob({
  name: "test.missing",
  queue: "core",
  payload: v.object({}),
  run: () => {
    throw new AppError(404, { detail: "Cannot find item" });
  },
  python,
});
const JOBS = new Map<string, Job>([echo, partial, file, missing].map((j) => [j.name, j as Job]));
const ran = (name: string) => runs.filter((r) => r === name).length;

type Worker = { url: string; deliveries: number; stop(): void };

let qstash: LocalQStash;
/** The outcome store that workers and servers share (Redis in production). */
let results: JobResults;
let workers: Worker[];
/** A worker endpoint that accepts deliveries and never answers: what a stuck or lost worker looks like. */
let silent: ReturnType<typeof Bun.serve>;

/** A worker's delivery endpoint on its own port, counting what it is sent. */
function startWorker(): Worker {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => app.fetch(req) });
  const url = `http://127.0.0.1:${server.port}`;
  const receiver = qstashReceiver({
    signingKeys: qstash.signingKeys(),
    publicUrl: url,
    results,
    transport: inlineTransport(services),
    policy: POLICY,
    logger: silentLog,
    retries: 0,
    resultTtlSeconds: 60,
    jobs: JOBS,
  });
  const worker: Worker = { url, deliveries: 0, stop: () => server.stop(true) };
  const app = jobDeliveryRoutes({
    receive: (delivery) => {
      worker.deliveries++;
      return receiver.receive(delivery);
    },
  });
  return worker;
}

const perQueue = <T>(value: T) => ({ core: value, features: value, volumes: value, compounds: value });

/** Role server's answer path: the Redis keep in front of the QStash transport, with a local fallback. */
function server(
  opts: {
    workers?: Record<Queue, string[]>;
    timeoutMs?: number;
    qstashUrl?: string;
    results?: JobResults;
    dataVersion?: string;
  } = {},
) {
  const keep = redisKeep(opts.results ?? results, opts.dataVersion ?? `test-${crypto.randomUUID()}`);
  const local = counted(inlineTransport(services));
  const background = backgroundQueue({ concurrency: 1, maxWaiting: 4, onError: () => {} });
  const transport = qstashTransport({
    qstash: { url: opts.qstashUrl ?? qstash.url, token: qstash.token },
    workers: opts.workers ?? perQueue(workers.map((w) => w.url)),
    parallelism: perQueue(4),
    timeoutMs: perQueue(opts.timeoutMs ?? 10_000),
    retries: 0,
    keep,
    fallback: local,
    fallbackLaunch: async (job, parsed, key) => background.push(() => local.execute(job, parsed, key)),
    logger: silentLog,
  });
  const pipeline = answerPipeline({ keep, policy: POLICY, transport, background, logger: silentLog });
  return { pipeline, keep, local };
}

/** A URL where nothing listens. */
function unreachable(): string {
  const down = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("") });
  const url = `http://127.0.0.1:${down.port}`;
  down.stop(true);
  return url;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

beforeAll(() => {
  qstash = startLocalQStash({ port: 0 });
  results = memoryResults();
  workers = [startWorker(), startWorker()];
  silent = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Promise<Response>(() => {}) });
});

afterAll(async () => {
  for (const w of workers) w.stop();
  silent.stop(true);
  await qstash.stop();
});

describe("qstashTransport (role server) through a QStash-compatible scheduler", () => {
  test("a JSON answer is the text the worker stored, not re-parsed", async () => {
    const { pipeline, keep, local } = server();
    const out = await pipeline.run(echo, { n: 1 });
    expect(out).toBeInstanceOf(RawJson);
    expect((out as RawJson).text).toBe(JSON.stringify({ n: 1, text: "line\nbreak \u00e9" }));
    expect(out.partial).toBe(false);
    const stored = await results.get(await keep.keyOf(echo as Job, { n: 1 }));
    expect(stored).toEqual({ status: 200, body: (out as RawJson).text });
    expect(local.ran).toEqual([]);
  });

  test("jobs of one queue go round-robin over its worker URLs", async () => {
    const { pipeline } = server();
    const before = workers.map((w) => w.deliveries);
    for (const n of [10, 11, 12, 13]) await pipeline.run(echo, { n });
    expect(workers.map((w, i) => w.deliveries - before[i])).toEqual([2, 2]);
  });

  test("identical concurrent requests share one message and one run; a kept answer is not published again", async () => {
    const { pipeline } = server();
    const published = qstash.stats().published;
    const ranBefore = ran("echo 20");
    const outs = await Promise.all([1, 2, 3].map(() => pipeline.run(echo, { n: 20 })));
    // One run in flight, so one answer object for all three.
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
    expect(qstash.stats().published - published).toBe(1);
    const again = await pipeline.run(echo, { n: 20 });
    expect((again as RawJson).text).toBe((outs[0] as RawJson).text);
    expect(qstash.stats().published - published).toBe(1);
    expect(ran("echo 20") - ranBefore).toBe(1);
  });

  test("two servers asking at once publish twice, never deduplicated; the worker runs the job once", async () => {
    // Every publish has its own deduplication id: sharing one run is the pipeline's and the claim's job.
    const dataVersion = `test-${crypto.randomUUID()}`;
    const [a, b] = [server({ dataVersion }), server({ dataVersion })];
    const before = qstash.stats();
    const ranBefore = ran("echo 21");
    const [x, y] = await Promise.all([a.pipeline.run(echo, { n: 21 }), b.pipeline.run(echo, { n: 21 })]);
    expect((x as RawJson).text).toBe((y as RawJson).text);
    expect(qstash.stats().published - before.published).toBe(2);
    expect(qstash.stats().deduplicated).toBe(before.deduplicated);
    expect(ran("echo 21") - ranBefore).toBe(1);
  });

  test("a partial answer keeps its flag through the worker's outcome, for the failure memory only", async () => {
    const { pipeline, keep } = server();
    const published = qstash.stats().published;
    const first = await pipeline.run(partial, { n: 1 });
    expect(first).toBeInstanceOf(RawJson);
    expect(first).toMatchObject({ text: JSON.stringify({ n: 1 }), partial: true });
    expect(await results.get(await keep.keyOf(partial as Job, { n: 1 }))).toMatchObject({ partial: true });
    // Kept for now: served from Redis, flag included.
    expect(await pipeline.run(partial, { n: 1 })).toMatchObject({ partial: true });
    expect(qstash.stats().published - published).toBe(1);
    // Past the failure memory the server asks again at once, and the new message is not deduplicated away.
    await Bun.sleep(1_100);
    const deduplicated = qstash.stats().deduplicated;
    expect(await pipeline.run(partial, { n: 1 })).toMatchObject({ partial: true });
    expect(qstash.stats().published - published).toBe(2);
    expect(qstash.stats().deduplicated).toBe(deduplicated);
    expect(ran("partial 1")).toBe(2);
  });

  test("a file answer travels base64 and comes back as the same bytes, type and headers", async () => {
    const out = await server().pipeline.run(file, {});
    expect(out).toBeInstanceOf(FileBody);
    const body = out as FileBody;
    expect(body.bytes).toEqual(fileBytes);
    expect(body.contentType).toBe("application/octet-stream");
    expect(body.headers).toEqual({ "content-disposition": "attachment; filename=x" });
    expect(body.partial).toBe(false);
  });

  test("a domain error from the worker is thrown with its status and body, and kept for the next request", async () => {
    const { pipeline, local } = server();
    const published = qstash.stats().published;
    for (const _ of [1, 2]) {
      const err = await failure(pipeline.run(missing, {}));
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 404, body: { detail: "Cannot find item" } });
    }
    expect(qstash.stats().published - published).toBe(1);
    expect(local.ran).toEqual([]);
  });

  test("a job that does not finish within its queue's timeout is a 503, not a local run", async () => {
    const { pipeline, local } = server({ workers: perQueue([`http://127.0.0.1:${silent.port}`]), timeoutMs: 300 });
    const started = performance.now();
    const err = await failure(pipeline.run(echo, { n: 30 }));
    expect(err).toMatchObject({ status: 503 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(local.ran).toEqual([]);
  });

  test("with the queue unreachable the job runs in this process", async () => {
    const { pipeline, local } = server({ qstashUrl: unreachable() });
    const out = await pipeline.run(echo, { n: 40 });
    expect(out).toBeInstanceOf(RawJson);
    expect((out as RawJson).text).toBe(JSON.stringify({ n: 40, text: "line\nbreak \u00e9" }));
    expect(local.ran).toEqual([echo.name]);
  });

  test("with the outcome store unreachable the job runs in this process, without waiting for the timeout", async () => {
    const down = new Error("redis unreachable");
    const broken: JobResults = {
      get: () => Promise.reject(down),
      set: () => Promise.reject(down),
      setChunk: () => Promise.reject(down),
      getChunk: () => Promise.reject(down),
      look: () => Promise.reject(down),
      claim: () => Promise.reject(down),
      renew: () => Promise.reject(down),
      release: () => Promise.reject(down),
    };
    const { pipeline, local } = server({ results: broken, workers: perQueue([`http://127.0.0.1:${silent.port}`]) });
    const started = performance.now();
    const out = await pipeline.run(echo, { n: 41 });
    expect((out as RawJson).text).toBe(JSON.stringify({ n: 41, text: "line\nbreak \u00e9" }));
    expect(local.ran).toEqual([echo.name]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test("enqueued work goes to a worker, whose kept answer later requests read", async () => {
    const { pipeline, keep, local } = server();
    const published = qstash.stats().published;
    await pipeline.enqueue(echo, { n: 50 });
    const key = await keep.keyOf(echo as Job, { n: 50 });
    for (let i = 0; i < 200 && !(await results.get(key)); i++) await Bun.sleep(10);
    expect(await results.get(key)).toMatchObject({ status: 200 });
    await pipeline.run(echo, { n: 50 });
    expect(qstash.stats().published - published).toBe(1);
    expect(local.ran).toEqual([]);
  });

  test("with the queue unreachable enqueued work runs in this process's background", async () => {
    const { pipeline, local } = server({ qstashUrl: unreachable() });
    await pipeline.enqueue(echo, { n: 51 });
    for (let i = 0; i < 200 && local.ran.length === 0; i++) await Bun.sleep(10);
    expect(local.ran).toEqual([echo.name]);
  });
});

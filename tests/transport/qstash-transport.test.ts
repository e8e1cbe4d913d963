import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { qstashRunner } from "../../src/transport/qstash-runner.ts";
import { qstashReceiver } from "../../src/transport/qstash-receiver.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";
import { inlineRunner } from "../../src/transport/runner.ts";
import { defineJob } from "../../jobs/job.ts";
import { jobDeliveryRoutes } from "../../routes/job-delivery.ts";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { AppError } from "../../src/errors.ts";
import { testApp } from "../_support/app.ts";
import type { Job } from "../../jobs/job.ts";
import type { JobResults } from "../../src/transport/redis-outcomes.ts";
import type { Queue } from "../../jobs/queues.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";

const { services } = await testApp();
const python = { name: "f", source: "def f(): pass" };

/** Small jobs whose runs the test can count; `test.file` answers a file, `test.missing` a 404. */
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
const JOBS = new Map<string, Job>([echo, file, missing].map((j) => [j.name, j as Job]));

type Worker = { url: string; deliveries: number; stop(): void };

let qstash: LocalQStash;
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
    ctx: services,
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

function runner(opts: { workers?: Record<Queue, string[]>; timeoutMs?: number; qstashUrl?: string } = {}) {
  return qstashRunner({
    qstash: { url: opts.qstashUrl ?? qstash.url, token: qstash.token },
    results,
    workers: opts.workers ?? perQueue(workers.map((w) => w.url)),
    parallelism: perQueue(4),
    timeoutMs: perQueue(opts.timeoutMs ?? 10_000),
    retries: 0,
    dataVersion: `test-${crypto.randomUUID()}`,
    fallback: inlineRunner(services),
    logger: consoleLogger("silent"),
  });
}

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

describe("qstashRunner (role server) through a QStash-compatible scheduler", () => {
  test("a JSON result arrives as the worker's serialized text, not re-parsed", async () => {
    const out = await runner().run(echo, { n: 1 });
    expect(out).toBeInstanceOf(RawJson);
    expect((out as unknown as RawJson).text).toBe(JSON.stringify({ n: 1, text: "line\nbreak \u00e9" }));
  });

  test("jobs of one queue go round-robin over its worker URLs", async () => {
    const jobs = runner();
    const before = workers.map((w) => w.deliveries);
    for (const n of [10, 11, 12, 13]) await jobs.run(echo, { n });
    expect(workers.map((w, i) => w.deliveries - before[i])).toEqual([2, 2]);
  });

  test("identical concurrent requests share one message and one run; a finished one is not published again", async () => {
    const jobs = runner();
    const published = qstash.stats().published;
    const ranBefore = runs.filter((r) => r === "echo 20").length;
    const outs = await Promise.all([1, 2, 3].map(() => jobs.run(echo, { n: 20 })));
    expect(new Set(outs.map((o) => (o as unknown as RawJson).text)).size).toBe(1);
    expect(qstash.stats().published - published).toBe(1);
    await jobs.run(echo, { n: 20 });
    expect(qstash.stats().published - published).toBe(1);
    expect(runs.filter((r) => r === "echo 20").length - ranBefore).toBe(1);
  });

  test("a file result travels base64 and comes back as the same bytes, type and headers", async () => {
    const out = (await runner().run(file, {})) as unknown as FileBody;
    expect(out).toBeInstanceOf(FileBody);
    expect(out.bytes).toEqual(fileBytes);
    expect(out.contentType).toBe("application/octet-stream");
    expect(out.headers).toEqual({ "content-disposition": "attachment; filename=x" });
  });

  test("a domain error from the worker is thrown with its status and body", async () => {
    const err = await runner()
      .run(missing, {})
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 404, body: { detail: "Cannot find item" } });
  });

  test("a job that does not finish within its queue's timeout is a 503", async () => {
    const jobs = runner({ workers: perQueue([`http://127.0.0.1:${silent.port}`]), timeoutMs: 300 });
    const started = performance.now();
    const err = await jobs.run(echo, { n: 30 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ status: 503 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  test("with the queue unreachable the job runs in this process", async () => {
    const down = Bun.serve({ port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${down.port}`;
    down.stop(true);
    const out = await runner({ qstashUrl: url }).run(echo, { n: 40 });
    expect(out).toEqual({ n: 40, text: "line\nbreak \u00e9" });
  });
});

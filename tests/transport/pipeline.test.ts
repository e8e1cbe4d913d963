import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineJob } from "../../jobs/job.ts";
import { answerPipeline } from "../../src/transport/pipeline.ts";
import { backgroundQueue } from "../../src/transport/background.ts";
import { inlineTransport } from "../../src/transport/inline.ts";
import { memoryKeep } from "../../src/transport/keep-memory.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { NotFoundError } from "../../src/errors.ts";
import { testApp } from "../_support/app.ts";
import type { JobContext } from "../../jobs/context.ts";
import type { DatasetService } from "../../src/datasets/index.ts";
import type { KeepPolicy } from "../../src/transport/keep.ts";
import type { Transport } from "../../src/transport/transport.ts";

const python = { name: "f", source: "def f(): pass" };
const POLICY: KeepPolicy = { immutableMs: Number.POSITIVE_INFINITY, resultMs: 60_000, partialMs: 5_000 };

/** Jobs counting their runs; `id: "missing"` fails, `partial: true` reports a failed source. */
function jobs() {
  const runs = { n: 0 };
  const payload = v.object({ id: v.string(), size: v.optional(v.number(), 4), partial: v.optional(v.boolean()) });
  const json = defineJob({
    name: "test.json",
    queue: "features",
    python,
    payload,
    async run({ id, partial }, ctx) {
      runs.n++;
      if (id === "missing") throw new NotFoundError("no such thing");
      if (partial) ctx.markPartial();
      const datasets = await ctx.datasets.resolve({ ebrains: {}, publications: [] });
      return { id, datasets: datasets.length, n: runs.n };
    },
  });
  const immutable = defineJob({ ...json, name: "test.immutable", immutable: true });
  const file = defineJob({
    ...json,
    name: "test.file",
    queue: "volumes",
    run: ({ id, size }) => {
      runs.n++;
      return new FileBody(new Uint8Array(size).fill(id.length), "application/octet-stream");
    },
  });
  return { json, immutable, file, runs };
}

function datasetService(partial: boolean): DatasetService {
  const resolveDetailed = async () => ({ datasets: [], partial });
  return { resolveDetailed, resolve: async () => (await resolveDetailed()).datasets };
}

async function pipelineOf(opts: { kgDown?: boolean; maxBytes?: number; clock?: { now: number } } = {}) {
  const { services } = await testApp();
  const ctx: JobContext = { ...services, datasets: datasetService(opts.kgDown ?? false) };
  const now = opts.clock ? () => (opts.clock as { now: number }).now : Date.now;
  const keep = memoryKeep({ maxBytes: opts.maxBytes ?? 1 << 20, now });
  const background = backgroundQueue({ concurrency: 1, maxWaiting: 4, onError: () => {} });
  const transport = inlineTransport(ctx);
  return answerPipeline({ keep, policy: POLICY, transport, background, logger: consoleLogger("silent") });
}

describe("the answer pipeline (parse → keep → run)", () => {
  test("an answer is serialized once and kept: repeats, reordered and defaulted payloads run nothing", async () => {
    const { json, file, runs } = jobs();
    const pipeline = await pipelineOf();
    const [a, b] = await Promise.all([pipeline.run(json, { id: "x" }), pipeline.run(json, { id: "x" })]);
    expect(a).toBeInstanceOf(RawJson);
    expect(b).toBe(a);
    expect((a as RawJson).text).toBe(JSON.stringify({ id: "x", datasets: 0, n: 1 }));
    expect(await pipeline.run(json, { size: 4, id: "x" })).toBe(a);
    expect(pipeline.peek?.(json, { id: "x" })).toBe(a);
    const f = await pipeline.run(file, { id: "abc" });
    expect(f).toBeInstanceOf(FileBody);
    expect([...(f as FileBody).bytes]).toEqual([3, 3, 3, 3]);
    expect(await pipeline.run(file, { id: "abc" })).toBe(f);
    expect(runs.n).toBe(2);
  });

  test("failures are never kept; bad payloads are 400s before anything runs", async () => {
    const { json, runs } = jobs();
    const pipeline = await pipelineOf();
    await expect(pipeline.run(json, { id: "missing" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(pipeline.run(json, { id: "missing" })).rejects.toBeInstanceOf(NotFoundError);
    expect(runs.n).toBe(2);
    await expect(pipeline.run(json, { id: 3 } as never)).rejects.toThrow(/invalid payload/);
    expect(runs.n).toBe(2);
  });

  test("answers kept for their lifetime: results for the result TTL, immutable ones until evicted", async () => {
    const clock = { now: 1_000 };
    const { json, immutable, runs } = jobs();
    const pipeline = await pipelineOf({ clock });
    await pipeline.run(json, { id: "x" });
    await pipeline.run(immutable, { id: "x" });
    clock.now += POLICY.resultMs + 1;
    await pipeline.run(json, { id: "x" });
    await pipeline.run(immutable, { id: "x" });
    expect(runs.n).toBe(3);
  });

  test("a partial answer (knowledge graph down, or reported by the job) is flagged and kept only for the failure memory", async () => {
    const clock = { now: 1_000 };
    const { immutable, runs } = jobs();
    const kgDown = await pipelineOf({ kgDown: true, clock });
    const first = await kgDown.run(immutable, { id: "x" });
    expect(first.partial).toBe(true);
    expect(await kgDown.run(immutable, { id: "x" })).toBe(first);
    clock.now += POLICY.partialMs + 1;
    const again = await kgDown.run(immutable, { id: "x" });
    expect(again).not.toBe(first);
    expect(runs.n).toBe(2);

    const reported = await (await pipelineOf()).run(immutable, { id: "y", partial: true });
    expect(reported.partial).toBe(true);
    const whole = await (await pipelineOf()).run(immutable, { id: "y" });
    expect(whole.partial).toBe(false);
  });

  test("the keep is bounded by bytes: an answer over the budget is served but not kept", async () => {
    const { file, runs } = jobs();
    const pipeline = await pipelineOf({ maxBytes: 1_000 });
    await pipeline.run(file, { id: "a", size: 2_000 });
    await pipeline.run(file, { id: "a", size: 2_000 });
    expect(runs.n).toBe(2);
  });

  test("enqueue runs in the background, bounded; past the bound it is shed", async () => {
    const started: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { json } = jobs();
    const transport: Transport = {
      async execute(_job, parsed) {
        started.push((parsed as { id: string }).id);
        await gate;
        return new RawJson("{}");
      },
    };
    const pipeline = answerPipeline({
      keep: memoryKeep({ maxBytes: 1 << 20 }),
      policy: POLICY,
      transport,
      background: backgroundQueue({ concurrency: 1, maxWaiting: 1, onError: () => {} }),
      logger: consoleLogger("silent"),
    });
    await pipeline.enqueue(json, { id: "a" });
    await pipeline.enqueue(json, { id: "b" });
    await expect(pipeline.enqueue(json, { id: "c" })).rejects.toMatchObject({ status: 503 });
    expect(started).toEqual(["a"]);
    release();
    await Bun.sleep(5);
    expect(started).toEqual(["a", "b"]);
  });
});

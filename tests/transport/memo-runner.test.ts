import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineJob } from "../../jobs/job.ts";
import { memoRunner } from "../../src/transport/memo-runner.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { NotFoundError } from "../../src/errors.ts";
import { testApp } from "../_support/app.ts";
import type { DatasetService } from "../../src/datasets/index.ts";
import type { JobContext } from "../../jobs/context.ts";

const python = { name: "f", source: "def f(): pass" };

/** A job counting its runs; `datasets` decides whether the knowledge graph answered fully. */
function counting(immutable: boolean) {
  const runs = { n: 0 };
  const job = defineJob({
    name: `test.counting.${immutable}`,
    queue: "core",
    immutable,
    python,
    payload: v.object({ id: v.string() }),
    async run({ id }, ctx) {
      runs.n++;
      if (id === "missing") throw new NotFoundError("no such thing");
      const datasets = await ctx.datasets.resolve({ ebrains: {}, publications: [] });
      return { id, datasets: datasets.length, n: runs.n };
    },
  });
  return { job, runs };
}

function datasetService(partial: boolean): DatasetService {
  const resolveDetailed = async () => ({ datasets: [], partial });
  return { resolveDetailed, resolve: async () => (await resolveDetailed()).datasets };
}

async function context(partial: boolean): Promise<JobContext> {
  const { services } = await testApp();
  return { ...services, datasets: datasetService(partial) };
}

describe("memoRunner", () => {
  test("an immutable job runs once per payload and answers the same bytes as RawJson", async () => {
    const { job, runs } = counting(true);
    const runner = memoRunner(await context(false), { maxBytes: 1 << 20 });
    const [a, b] = await Promise.all([runner.run(job, { id: "x" }), runner.run(job, { id: "x" })]);
    const c = await runner.run(job, { id: "x" });
    expect(a).toBeInstanceOf(RawJson);
    expect((c as unknown as RawJson).text).toBe(JSON.stringify({ id: "x", datasets: 0, n: 1 }));
    expect(b).toBe(a);
    expect(runs.n).toBe(1);
    await runner.run(job, { id: "y" });
    expect(runs.n).toBe(2);
  });

  test("other jobs, failures and answers with partial dataset metadata run every time", async () => {
    const plain = counting(false);
    const runner = memoRunner(await context(false), { maxBytes: 1 << 20 });
    await runner.run(plain.job, { id: "x" });
    expect(await runner.run(plain.job, { id: "x" })).toEqual({ id: "x", datasets: 0, n: 2 });

    const failing = counting(true);
    await expect(runner.run(failing.job, { id: "missing" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(runner.run(failing.job, { id: "missing" })).rejects.toBeInstanceOf(NotFoundError);
    expect(failing.runs.n).toBe(2);

    const degraded = counting(true);
    const offline = memoRunner(await context(true), { maxBytes: 1 << 20 });
    await offline.run(degraded.job, { id: "x" });
    await offline.run(degraded.job, { id: "x" });
    expect(degraded.runs.n).toBe(2);
  });

  test("a zero budget turns memoization off; payloads are still validated", async () => {
    const { job, runs } = counting(true);
    const runner = memoRunner(await context(false), { maxBytes: 0 });
    await runner.run(job, { id: "x" });
    await runner.run(job, { id: "x" });
    expect(runs.n).toBe(2);
    await expect(runner.run(job, { id: 3 } as never)).rejects.toThrow(/invalid payload/);
  });
});

import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { defineJob } from "../../jobs/job.ts";
import { resultMemo } from "../../src/transport/result-memo.ts";
import { parsePayload } from "../../src/transport/runner.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { NotFoundError } from "../../src/errors.ts";
import type { JobRunner } from "../../src/transport/runner.ts";

const python = { name: "f", source: "def f(): pass" };

const fileJob = defineJob({
  name: "test.file",
  queue: "volumes",
  python,
  payload: v.object({ id: v.string(), size: v.optional(v.number(), 4) }),
  run: ({ id, size }) => {
    if (id === "missing") throw new NotFoundError("no such file");
    return new FileBody(new Uint8Array(size).fill(id.length), "application/octet-stream");
  },
});
const jsonJob = defineJob({
  name: "test.json",
  queue: "features",
  python,
  payload: v.object({ id: v.string() }),
  run: ({ id }) => ({ id, at: Math.random() }),
});
const immutableJob = defineJob({ ...jsonJob, name: "test.immutable", immutable: true });

/** A transport that runs jobs in order and counts them, answering after `delayMs`. */
function counting(delayMs = 0): JobRunner & { runs: number } {
  const runner = {
    runs: 0,
    async run(job, payload) {
      runner.runs++;
      await Bun.sleep(delayMs);
      return job.run(parsePayload(job, payload), {} as never);
    },
  } as JobRunner & { runs: number };
  return runner;
}

describe("resultMemo (role all's job result store)", () => {
  test("a repeated job is answered from the kept outcome, the same bytes, until the lifetime ends", async () => {
    let clock = 1_000;
    const inner = counting();
    const memo = resultMemo(inner, { maxBytes: 1 << 20, ttlMs: 60_000, now: () => clock });
    const first = await memo.run(fileJob, { id: "abc" });
    const second = await memo.run(fileJob, { id: "abc" });
    expect(inner.runs).toBe(1);
    expect(second).toBe(first);
    expect([...(first as FileBody).bytes]).toEqual([3, 3, 3, 3]);
    // Same payload written differently (default filled in, keys reordered) is the same job.
    await memo.run(fileJob, { size: 4, id: "abc" });
    expect(inner.runs).toBe(1);
    clock += 60_001;
    await memo.run(fileJob, { id: "abc" });
    expect(inner.runs).toBe(2);
  });

  test("structures are kept serialized, as role server stores them", async () => {
    const inner = counting();
    const memo = resultMemo(inner, { maxBytes: 1 << 20, ttlMs: 60_000 });
    const a = await memo.run(jsonJob, { id: "x" });
    const b = await memo.run(jsonJob, { id: "x" });
    expect(a).toBeInstanceOf(RawJson);
    expect((b as unknown as RawJson).text).toBe((a as unknown as RawJson).text);
    expect(JSON.parse((a as unknown as RawJson).text).id).toBe("x");
    expect(inner.runs).toBe(1);
  });

  test("identical jobs in flight share one run; distinct ones do not", async () => {
    const inner = counting(20);
    const memo = resultMemo(inner, { maxBytes: 1 << 20, ttlMs: 60_000 });
    await Promise.all([
      memo.run(fileJob, { id: "a" }),
      memo.run(fileJob, { id: "a" }),
      memo.run(fileJob, { id: "bb" }),
    ]);
    expect(inner.runs).toBe(2);
  });

  test("failures are not kept, and the error reaches every caller", async () => {
    const inner = counting(5);
    const memo = resultMemo(inner, { maxBytes: 1 << 20, ttlMs: 60_000 });
    const both = await Promise.allSettled([memo.run(fileJob, { id: "missing" }), memo.run(fileJob, { id: "missing" })]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(inner.runs).toBe(1);
    await memo.run(fileJob, { id: "missing" }).catch(() => undefined);
    expect(inner.runs).toBe(2);
  });

  test("the byte bound holds: a file larger than it is served but not kept", async () => {
    const inner = counting();
    const memo = resultMemo(inner, { maxBytes: 1000, ttlMs: 60_000 });
    await memo.run(fileJob, { id: "big", size: 2000 });
    await memo.run(fileJob, { id: "big", size: 2000 });
    expect(inner.runs).toBe(2);
    expect(memo.held).toBe(0);
    await memo.run(fileJob, { id: "s", size: 100 });
    expect(memo.held).toBeGreaterThanOrEqual(100);
    expect(memo.held).toBeLessThanOrEqual(1000);
  });

  test("immutable jobs pass through (kept below, per configuration) and 0 MB keeps nothing", async () => {
    const inner = counting();
    const memo = resultMemo(inner, { maxBytes: 1 << 20, ttlMs: 60_000 });
    await memo.run(immutableJob, { id: "i" });
    await memo.run(immutableJob, { id: "i" });
    expect(inner.runs).toBe(2);
    const off = resultMemo(counting(), { maxBytes: 0, ttlMs: 60_000 });
    await off.run(jsonJob, { id: "y" });
    expect(off.held).toBe(0);
  });
});

/**
 * Memory stays bounded when every request carries a spec never seen before (`find=` values and
 * region ids, as a crawler or a fuzzer sends them): each memo keyed by such input must evict.
 * The stores with their own bounds (response cache, job answers) are off, so what is measured is
 * everything else a request leaves behind.
 */
import { expect, test } from "bun:test";
import { testApp } from "../_support/app.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const TOTAL = 100_000;
/** Enough to fill every bounded memo (the largest holds ~15,000 such specs) before the baseline. */
const WARM_UP = 25_000;
const CONCURRENCY = 8;
/**
 * Each unbounded memo entry for these ~110-character specs costs a few hundred bytes, so the 75,000
 * requests after the warm-up would add well over 20 MB; bounded memos add only noise.
 */
const MAX_GROWTH_BYTES = 12 * 1024 * 1024;

/** A spec no earlier request used, long enough that keeping it is visible in the heap. */
function spec(i: number): string {
  return `zz${i.toString(36)}q${crypto.randomUUID().replaceAll("-", "")}${"k".repeat(72)}`;
}

function path(i: number): string {
  const s = spec(i);
  return i % 3 === 2
    ? `/v3_0/regions/${s}?parcellation_id=${JBA31}`
    : `/v3_0/regions?parcellation_id=${JBA31}&find=${s}`;
}

function heapUsed(): number {
  Bun.gc(true);
  return process.memoryUsage().heapUsed;
}

test("100,000 distinct find values and region specs leave the heap bounded", async () => {
  const { app } = await testApp({
    env: {
      SIIBRA_API_CACHE: "none",
      SIIBRA_API_KEEP_MB: "0",
      SIIBRA_API_POOL_THREADS: "0",
    },
  });
  const statuses = new Map<number, number>();
  let next = 0;
  const send = async (until: number) => {
    const worker = async () => {
      while (next < until) {
        const res = await app.request(path(next++));
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  };

  await send(WARM_UP);
  const before = heapUsed();
  await send(TOTAL);
  const growth = heapUsed() - before;

  // Every find matched nothing (200, empty page) and every region id was unknown (404).
  expect(Object.fromEntries(statuses)).toEqual({ 200: TOTAL - Math.floor(TOTAL / 3), 404: Math.floor(TOTAL / 3) });
  expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
}, 60_000);

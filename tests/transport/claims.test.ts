import { describe, expect, test } from "bun:test";
import { claimJob } from "../../src/transport/claims.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";

const OUTCOME = { status: 200 as const, body: '{"ok":true}' };

describe("claims on a job id (two deliveries of one message)", () => {
  test("of two concurrent deliveries one runs; the other waits and sees the stored outcome", async () => {
    const results = memoryResults();
    const opts = { ttlMs: 1_000, waitMs: 2_000 };
    const [a, b] = [claimJob(results, "j", opts), claimJob(results, "j", opts)];
    const runner = await a;
    expect(typeof runner).toBe("object");
    await Bun.sleep(50); // b is waiting
    await results.set("j", OUTCOME, 60);
    if (typeof runner === "object") await runner.release();
    expect(await b).toBe("done");
  });

  test("a holder that died (no heartbeat) blocks only until its claim expires; the waiter then runs", async () => {
    const results = memoryResults();
    expect(await results.claim("j", "dead-worker", 150)).toBe(true);
    const t0 = performance.now();
    const claim = await claimJob(results, "j", { ttlMs: 1_000, waitMs: 2_000 });
    expect(typeof claim).toBe("object");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    // The new holder's claim is its own: the dead holder can neither renew nor release it.
    await results.release("j", "dead-worker");
    expect(await results.claim("j", "third", 1_000)).toBe(false);
  });

  test("a live holder keeps its claim by heartbeat; a waiter gives up after waitMs with busy", async () => {
    const results = memoryResults();
    const holder = await claimJob(results, "j", { ttlMs: 90, waitMs: 0 });
    expect(typeof holder).toBe("object");
    // 300 ms is over three claim lifetimes: only the heartbeat keeps it.
    expect(await claimJob(results, "j", { ttlMs: 90, waitMs: 300 })).toBe("busy");
    if (typeof holder === "object") await holder.release();
    expect(typeof (await claimJob(results, "j", { ttlMs: 90, waitMs: 0 }))).toBe("object");
  });

  test("an outcome stored between the first look and the claim is not recomputed", async () => {
    const results = memoryResults();
    await results.set("j", OUTCOME, 60);
    expect(await claimJob(results, "j", { ttlMs: 1_000, waitMs: 0 })).toBe("done");
    // …and the claim it took for that look was given back.
    expect(await results.claim("j", "other", 1_000)).toBe(true);
  });
});

import type { JobResults } from "./redis-outcomes.ts";

/**
 * QStash delivers at least once, so the same message can reach two workers at the same moment (a retry
 * after a timeout while the first attempt still runs, a duplicate delivery). Checking for a stored outcome
 * before running is not enough then: both look, both find nothing, both run. A claim in the result store
 * makes one of them the runner; the other waits for its outcome. The claim expires on its own (ttlMs, kept
 * alive by a heartbeat while the job runs), so a worker that dies mid-job blocks nobody for long: a waiter
 * takes the claim over and runs the job itself.
 */
export type ClaimOptions = {
  /** Claim lifetime without a heartbeat: how long a dead holder blocks the job. */
  ttlMs: number;
  /** How long a delivery waits for another holder's outcome before asking QStash to retry later. */
  waitMs: number;
};

export const CLAIM_DEFAULTS: ClaimOptions = { ttlMs: 3_000, waitMs: 10_000 };

export type Claim = { release(): Promise<void> };

/**
 * "done": the outcome is stored (by another holder); a Claim: this delivery runs the job and must release
 * it when finished; "busy": another holder still runs it after `waitMs`.
 */
export async function claimJob(results: JobResults, id: string, opts: ClaimOptions): Promise<Claim | "done" | "busy"> {
  const holder = crypto.randomUUID();
  const deadline = Date.now() + opts.waitMs;
  let delay = 5;
  for (;;) {
    if (await results.claim(id, holder, opts.ttlMs)) {
      // The previous holder may have stored the outcome and released between our first look and now.
      if (await results.get(id)) {
        await results.release(id, holder);
        return "done";
      }
      return held(results, id, holder, opts.ttlMs);
    }
    if (await results.get(id)) return "done";
    if (Date.now() >= deadline) return "busy";
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 100);
  }
}

function held(results: JobResults, id: string, holder: string, ttlMs: number): Claim {
  // A failed heartbeat is not fatal: at worst another delivery takes over after the claim expires.
  const beat = setInterval(() => void results.renew(id, holder, ttlMs).catch(() => {}), ttlMs / 3);
  return {
    async release() {
      clearInterval(beat);
      // Unreleased, the claim still expires by itself.
      await results.release(id, holder).catch(() => {});
    },
  };
}

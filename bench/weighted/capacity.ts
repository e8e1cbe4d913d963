import { CLASSES } from "../../src/http/admission/classes.ts";
import { loadMix } from "../load-mix.ts";
import { httpSend, plan, runOpenLoop } from "./open-loop.ts";
import { summarize } from "./report.ts";
import type { Request } from "./mix.ts";

export type Step = { rate: number; criticalP95: number; shed: number; missed: string[]; held: boolean };

/**
 * The capacity the phases are scaled by: the highest open-loop rate at which the service serves the
 * whole mix — every class within its p95 objective and nothing shed (an atlas bundle per session
 * included, so the slowest work bounds it, as it bounds real sessions). A closed loop of a few clients
 * overstates it (it never queues more than its clients, and refused requests count as answers), and
 * 60 % of an overstated capacity is already an overload. Rates grow by `factor` from `start` until a
 * step misses; each step runs `seconds` on its own slice of the mix order.
 */
export async function sustainableRate(
  base: string,
  mix: Request[],
  opts: {
    start: number;
    factor?: number;
    seconds?: number;
    maxSteps?: number;
    confirmSeconds?: number;
    /** A rate the mix must not exceed (the bundles it asks for, see bundleBound). */
    max?: number;
  },
): Promise<{ rate: number; steps: Step[] }> {
  const factor = opts.factor ?? 1.25;
  const seconds = opts.seconds ?? 3;
  const steps: Step[] = [];
  let rate = opts.start;
  let good = 0;
  let offset = 0;
  const measure = async (r: number, secs: number): Promise<Step> => {
    const from = offset;
    const out = await runOpenLoop(
      plan(r, secs, (k) => mix[(from + k) % mix.length]),
      httpSend(base),
    );
    offset += Math.floor(r * secs);
    const s = summarize(out, secs);
    const criticalP95 = s.classes.critical?.p95 ?? 0;
    const shed = Object.values(s.classes).reduce((n, c) => n + c.shed, 0);
    const missed = Object.entries(s.classes)
      .filter(([name, c]) => c.p95 > CLASSES[name as keyof typeof CLASSES].p95Ms)
      .map(([name]) => name);
    return { rate: r, criticalP95, shed, missed, held: shed === 0 && missed.length === 0 };
  };
  const max = opts.max ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < (opts.maxSteps ?? 16) && rate <= max; i++) {
    const step = await measure(rate, seconds);
    steps.push(step);
    if (!step.held) break;
    good = rate;
    rate *= factor;
  }
  // Short steps hide slow work piling up (a bundle queue absorbs a few seconds of excess): the rate
  // found must also hold for `confirmSeconds`, else it is lowered a step at a time.
  let rate0 = Math.min(good || opts.start, max);
  for (let i = 0; i < 4; i++) {
    await Bun.sleep(3000);
    const step = await measure(rate0, opts.confirmSeconds ?? 12);
    steps.push(step);
    if (step.held) break;
    rate0 /= factor;
  }
  // What the last step left queued (bundles, files) drains before the caller measures anything.
  await Bun.sleep(3000);
  return { rate: rate0, steps };
}

/**
 * Atlas bundles finished per second: `n` starts of the mix's bundle at once, each polled as
 * siibra-explorer polls, until all are ready. A start answers at once and the bundle is built in the
 * background, so the ramp above sees a bundle backlog only once the waiting bound overflows; this
 * bounds the mix by the work it asks for instead.
 */
export async function bundleRate(base: string, startPath: string, n = 8): Promise<number> {
  const t0 = performance.now();
  const ids = await Promise.all(
    Array.from({ length: n }, async () => {
      const res = await fetch(base + startPath);
      const body = (await res.json()) as { task_id?: string };
      if (!res.ok || !body.task_id) throw new Error(`bundle start answered ${res.status}: ${JSON.stringify(body)}`);
      return body.task_id;
    }),
  );
  const pending = new Set(ids);
  while (pending.size > 0) {
    if (performance.now() - t0 > 120_000) throw new Error(`${pending.size} bundles not ready within 120 s`);
    await Bun.sleep(50);
    for (const id of [...pending]) {
      const res = await fetch(`${base}/v3_0/atlas_download/${id}`);
      const body = (await res.json()) as { status?: string };
      if (!res.ok) throw new Error(`bundle ${id} answered ${res.status}`);
      if (body.status === "SUCCESS") pending.delete(id);
    }
  }
  return n / ((performance.now() - t0) / 1000);
}

/**
 * The rate of the whole mix that asks for bundles no faster than the service finishes them (with
 * `margin` to spare), or Infinity when the mix asks for none.
 */
export async function bundleBound(base: string, mix: Request[], margin = 0.9): Promise<number> {
  const starts = mix.filter((r) => /\/atlas_download(\?|$)/.test(r.path));
  if (starts.length === 0) return Number.POSITIVE_INFINITY;
  const rate = await bundleRate(base, starts[0].path);
  return (margin * rate * mix.length) / starts.length;
}

/**
 * The capacity every phase and run is scaled by (bench:weighted, overload, soak): bundles first (the
 * closed loop fills the bundle queue for a while), then the closed-loop ceiling the ramp starts
 * below, then the ramp itself.
 */
export async function mixCapacity(base: string, mix: Request[], closedSeconds = 2) {
  const bundles = await bundleBound(base, mix);
  const entries = mix.map((r) => ({ id: r.cls, path: r.path, count: 1, weight: 1 }));
  const closed = (await loadMix(base, entries, { seconds: closedSeconds, concurrency: 16 })).rps;
  const ramp = await sustainableRate(base, mix, { start: Math.min(0.03 * closed, bundles / 2), max: bundles });
  return { capacity: ramp.rate, closed, bundles, steps: ramp.steps };
}

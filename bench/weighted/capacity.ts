import { CLASSES } from "../../src/http/classes.ts";
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
  opts: { start: number; factor?: number; seconds?: number; maxSteps?: number; confirmSeconds?: number },
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
  for (let i = 0; i < (opts.maxSteps ?? 16); i++) {
    const step = await measure(rate, seconds);
    steps.push(step);
    if (!step.held) break;
    good = rate;
    rate *= factor;
  }
  // Short steps hide slow work piling up (a bundle queue absorbs a few seconds of excess): the rate
  // found must also hold for `confirmSeconds`, else it is lowered a step at a time.
  let rate0 = good || opts.start;
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

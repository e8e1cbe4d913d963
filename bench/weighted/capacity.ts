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
  opts: { start: number; factor?: number; seconds?: number; maxSteps?: number },
): Promise<{ rate: number; steps: Step[] }> {
  const factor = opts.factor ?? 1.25;
  const seconds = opts.seconds ?? 3;
  const steps: Step[] = [];
  let rate = opts.start;
  let good = 0;
  let offset = 0;
  for (let i = 0; i < (opts.maxSteps ?? 16); i++) {
    const from = offset;
    const out = await runOpenLoop(
      plan(rate, seconds, (k) => mix[(from + k) % mix.length]),
      httpSend(base),
    );
    offset += Math.floor(rate * seconds);
    const s = summarize(out, seconds);
    const criticalP95 = s.classes.critical?.p95 ?? 0;
    const shed = Object.values(s.classes).reduce((n, c) => n + c.shed, 0);
    const missed = Object.entries(s.classes)
      .filter(([name, c]) => c.p95 > CLASSES[name as keyof typeof CLASSES].p95Ms)
      .map(([name]) => name);
    const held = shed === 0 && missed.length === 0;
    steps.push({ rate, criticalP95, shed, missed, held });
    if (!held) break;
    good = rate;
    rate *= factor;
  }
  // What the last step left queued (bundles, files) drains before the caller measures anything.
  await Bun.sleep(3000);
  return { rate: good || opts.start, steps };
}

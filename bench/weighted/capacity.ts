import { CLASSES } from "../../src/http/classes.ts";
import { httpSend, plan, runOpenLoop } from "./open-loop.ts";
import { summarize } from "./report.ts";
import type { Request } from "./mix.ts";

export type Step = { rate: number; criticalP95: number; interactiveP95: number; held: boolean };

/**
 * The capacity the phases are scaled by: the highest open-loop rate of the mix at which critical and
 * interactive requests still meet their p95 objectives. A closed loop of a few clients overstates it
 * on a small machine (it never queues more than its clients, and its requests leave back to back),
 * and 60 % of an overstated capacity is already an overload. Rates grow by `factor` from `start`
 * until a step misses an objective; each step runs `seconds` on its own slice of the mix order.
 */
export async function sustainableRate(
  base: string,
  mix: Request[],
  opts: { start: number; factor?: number; seconds?: number; maxSteps?: number },
): Promise<{ rate: number; steps: Step[] }> {
  const factor = opts.factor ?? 1.25;
  const seconds = opts.seconds ?? 2;
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
    const interactiveP95 = s.classes.interactive?.p95 ?? 0;
    const held = criticalP95 <= CLASSES.critical.p95Ms && interactiveP95 <= CLASSES.interactive.p95Ms;
    steps.push({ rate, criticalP95, interactiveP95, held });
    if (!held) break;
    good = rate;
    rate *= factor;
  }
  return { rate: good || opts.start, steps };
}

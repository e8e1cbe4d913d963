import { CLASSES } from "../../src/http/admission/classes.ts";
import type { ClassName } from "../../src/http/admission/classes.ts";
import { merge, plan, runOpenLoop } from "../weighted/open-loop.ts";
import type { Outcome } from "../weighted/open-loop.ts";
import { printPhase, summarize } from "../weighted/report.ts";
import { classifiedSend, setUp } from "./setup.ts";

/**
 * `npm run overload` (docs/operations.md#reliability): open loop, the production mix at 60 % of the measured
 * capacity for BEFORE s, then a burst for BURST s at 2 × capacity in total (the mix plus expensive requests),
 * then the mix alone again for AFTER s. Reports sheds (503) per class in the burst, the critical p95 against
 * its objective, and the recovery time: from the end of the burst to the start of the first 1 s window after
 * which every window has no shed request and every class within its p95 objective, or within 1.5 × its p95
 * before the burst when the machine itself is slower than the objective. In the tables, 503 counts shed
 * requests only; unreachable data hosts (503 without Retry-After) are not counted as shed.
 */
const BEFORE = Number(process.env.OVERLOAD_BEFORE_S ?? 5);
const BURST = Number(process.env.OVERLOAD_BURST_S ?? 10);
const AFTER = Number(process.env.OVERLOAD_AFTER_S ?? 15);

const { proc, mix, heavy, capacity } = await setUp();
try {
  const base = 0.6 * capacity;
  const extra = 2 * capacity - base;
  console.log(`capacity ${capacity.toFixed(0)} req/s; mix ${base.toFixed(0)}/s, burst +${extra.toFixed(0)}/s`);
  const pick = (i: number) => mix[i % mix.length];
  const total = BEFORE + BURST + AFTER;
  const burst = plan(extra, BURST, (i) => ({ ...heavy[i % heavy.length], flood: true })).map((p) => ({
    ...p,
    at: p.at + BEFORE * 1000,
  }));
  const out = await runOpenLoop(merge(plan(base, total, pick), burst), classifiedSend(proc.url));
  const during = (o: Outcome) => o.scheduledMs >= BEFORE * 1000 && o.scheduledMs < (BEFORE + BURST) * 1000;
  const beforeStats = summarize(
    out.filter((o) => o.scheduledMs < BEFORE * 1000),
    BEFORE,
  );
  printPhase("role all", "before the burst", beforeStats);
  const bound = (name: ClassName) =>
    Math.max(CLASSES[name].p95Ms, 1.5 * (beforeStats.classes[name]?.p95 ?? CLASSES[name].p95Ms));
  const burstStats = summarize(out.filter(during), BURST);
  printPhase("role all", "burst (all requests)", burstStats);

  // 1 s windows after the burst (base mix only): healthy = no 503 and every class within objective.
  const healthy: boolean[] = [];
  for (let w = BEFORE + BURST; w < total; w++) {
    const win = out.filter((o) => o.scheduledMs >= w * 1000 && o.scheduledMs < (w + 1) * 1000);
    const s = summarize(win, 1);
    healthy.push(Object.entries(s.classes).every(([name, c]) => c.shed === 0 && c.p95 <= bound(name as ClassName)));
  }
  let firstHealthy = healthy.length;
  for (let i = healthy.length - 1; i >= 0 && healthy[i]; i--) firstHealthy = i;
  const shed = Object.fromEntries(Object.entries(burstStats.classes).map(([k, c]) => [k, c.shed]));
  const critical = burstStats.classes.critical;
  console.log(
    JSON.stringify({
      capacity: +capacity.toFixed(1),
      burst_rate: +(2 * capacity).toFixed(1),
      shed_in_burst: shed,
      critical_p95_ms_before: +(beforeStats.classes.critical?.p95 ?? 0).toFixed(1),
      critical_p95_ms: critical ? +critical.p95.toFixed(1) : null,
      critical_objective_ms: CLASSES.critical.p95Ms,
      first_healthy_window_s: healthy.indexOf(true),
      recovery_s: firstHealthy < healthy.length ? firstHealthy : `not within ${AFTER} s`,
      windows_after: healthy.map((h) => (h ? 1 : 0)).join(""),
    }),
  );
} finally {
  await proc.stop();
}

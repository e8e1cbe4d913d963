import { describe, expect, test } from "bun:test";
import { merge, plan, runOpenLoop } from "../../bench/weighted/open-loop.ts";
import { summarize } from "../../bench/weighted/report.ts";
import type { Outcome } from "../../bench/weighted/open-loop.ts";

describe("open-loop driver", () => {
  test("requests leave at their scheduled times while the server stalls; latency counts from the schedule", async () => {
    const sentAt: number[] = [];
    let t0 = 0;
    let release = () => {};
    const stall = new Promise<void>((resolve) => (release = resolve));
    setTimeout(() => release(), 300);
    const schedule = plan(50, 0.4, () => ({ path: "/x", cls: "critical" })); // 20 requests over 400 ms
    t0 = performance.now();
    const outcomes = await runOpenLoop(schedule, async () => {
      sentAt.push(performance.now() - t0);
      await stall; // the server answers nothing for 300 ms
      return 200;
    });
    expect(outcomes).toHaveLength(20);
    // A closed loop would have sent one request and waited; this one kept sending during the stall.
    expect(sentAt.filter((t) => t < 280).length).toBeGreaterThanOrEqual(10);
    // The first request waited for the whole stall, measured from its scheduled time.
    const first = outcomes.find((o) => o.scheduledMs === schedule[0].at) as Outcome;
    expect(first.latencyMs).toBeGreaterThanOrEqual(250);
  });

  test("unanswered requests count with their waiting time and status 0 after the drain bound", async () => {
    const schedule = plan(100, 0.05, () => ({ path: "/x", cls: "files" }));
    const outcomes = await runOpenLoop(schedule, () => new Promise<number>(() => {}), 50);
    expect(outcomes.every((o) => o.status === 0 && o.latencyMs >= 40)).toBe(true);
  });

  test("merge keeps time order; the summary weighs goodput by class and objective", () => {
    const a = plan(10, 1, () => ({ path: "/a", cls: "critical" }));
    const b = plan(10, 1, () => ({ path: "/b", cls: "files", flood: true }));
    const m = merge(a, b);
    expect(m.every((p, i) => i === 0 || m[i - 1].at <= p.at)).toBe(true);
    const o = (cls: string, latencyMs: number, status = 200): Outcome => ({
      cls,
      path: "/",
      scheduledMs: 0,
      latencyMs,
      status,
    });
    // critical: 2 in objective (100 ms), 1 late; files: 1 in objective, 1 shed.
    const s = summarize(
      [o("critical", 10), o("critical", 50), o("critical", 150), o("files", 900), o("files", 5, 503)],
      2,
    );
    expect(s.classes.critical?.inObjective).toBe(2);
    expect(s.classes.files).toMatchObject({ count: 2, ok: 1, shed: 1, inObjective: 1 });
    expect(s.weightedGoodput).toBeCloseTo((10 * 2 + 1 * 1) / 2);
    expect(s.weightedResponseMs).toBeCloseTo((10 * s.classes.critical!.p95 + 1 * s.classes.files!.p95) / 11);
  });
});

import { CLASSES, CLASS_NAMES } from "../../src/http/admission/classes.ts";
import type { ClassName } from "../../src/http/admission/classes.ts";
import type { Outcome } from "./open-loop.ts";

export type ClassStats = { count: number; ok: number; shed: number; p50: number; p95: number; inObjective: number };
export type PhaseStats = {
  classes: Partial<Record<ClassName, ClassStats>>;
  /** Σ weight × answers (2xx) within the class's p95 objective, per second. */
  weightedGoodput: number;
  /** Σ weight × p95 / Σ weight over the classes present. */
  weightedResponseMs: number;
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Per-class latency and goodput of one phase; `only` restricts to requests of the base mix. */
export function summarize(outcomes: Outcome[], seconds: number, only?: (o: Outcome) => boolean): PhaseStats {
  const classes: Partial<Record<ClassName, ClassStats>> = {};
  let goodput = 0;
  let wSum = 0;
  let wP95 = 0;
  for (const name of CLASS_NAMES) {
    const mine = outcomes.filter((o) => o.cls === name && (!only || only(o)));
    if (mine.length === 0) continue;
    const lat = mine.map((o) => o.latencyMs).sort((a, b) => a - b);
    const ok = mine.filter((o) => o.status >= 200 && o.status < 300);
    const inObjective = ok.filter((o) => o.latencyMs <= CLASSES[name].p95Ms).length;
    const stats = {
      count: mine.length,
      ok: ok.length,
      shed: mine.filter((o) => o.status === 503).length,
      p50: pct(lat, 0.5),
      p95: pct(lat, 0.95),
      inObjective,
    };
    classes[name] = stats;
    const w = CLASSES[name].weight;
    goodput += (w * inObjective) / seconds;
    wSum += w;
    wP95 += w * stats.p95;
  }
  return { classes, weightedGoodput: goodput, weightedResponseMs: wSum ? wP95 / wSum : 0 };
}

export function printPhase(shape: string, phase: string, s: PhaseStats): void {
  console.log(`\n${shape} — ${phase}`);
  console.log(
    `  ${"class".padEnd(12)} ${"n".padStart(6)} ${"2xx".padStart(6)} ${"503".padStart(5)} ${"p50 ms".padStart(9)} ${"p95 ms".padStart(9)} ${"objective".padStart(10)} ${"in obj.".padStart(8)}`,
  );
  for (const [name, c] of Object.entries(s.classes)) {
    const objective = CLASSES[name as ClassName].p95Ms;
    console.log(
      `  ${name.padEnd(12)} ${String(c.count).padStart(6)} ${String(c.ok).padStart(6)} ${String(c.shed).padStart(5)} ${c.p50.toFixed(1).padStart(9)} ${c.p95.toFixed(1).padStart(9)} ${String(objective).padStart(10)} ${String(c.inObjective).padStart(8)}`,
    );
  }
  console.log(
    `  weighted goodput ${s.weightedGoodput.toFixed(0)}/s, weighted response ${s.weightedResponseMs.toFixed(1)} ms`,
  );
}

/** Answers other than 2xx per request kind (template id), e.g. `D2 503×29`: which requests were shed or failed. */
export function printFailures(outcomes: Outcome[], idOf: Map<string, string>): void {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status >= 200 && o.status < 300) continue;
    const key = `${idOf.get(o.path) ?? "?"} ${o.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (counts.size === 0) return;
  const list = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`);
  console.log(`  not 2xx, by request: ${list.join(", ")}`);
}

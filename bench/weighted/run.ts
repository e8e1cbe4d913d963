import { startProcess } from "../process.ts";
import { loadMix } from "../load-mix.ts";
import { startDataHost } from "../fixture-host/index.ts";
import { mixCapacity } from "./capacity.ts";
import { expand, scenario } from "./mix.ts";
import { classOf } from "./classes.ts";
import { httpSend, merge, plan, runOpenLoop } from "./open-loop.ts";
import { printFailures, printPhase, summarize } from "./report.ts";
import type { Request } from "./mix.ts";
import type { PhaseStats } from "./report.ts";

/**
 * `npm run bench:weighted`: weighted throughput of the production-like mix in phases idle (~60 % of
 * the measured capacity) and flood (the same plus expensive requests at twice what the service
 * finishes), open loop, for role `all` and role `server` with 1 and 2 workers. Prints a table per
 * class and phase, then one JSON line per shape.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SHAPES = (process.env.BENCH_SHAPES ?? "all,server1,server2").split(",");
const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
// Remote files come from a local fixture data host (synthetic files of the real formats at the
// configuration's URL paths), one for all shapes; role server's stack passes this env to its workers.
const host = await startDataHost(CONFIG);
const env = {
  SIIBRA_USE_CONFIGURATION: CONFIG,
  SIIBRA_API_LOG: "silent",
  // Production-like: the default response cache of each shape (in memory for role all, Redis for server).
  SIIBRA_API_REMAP_PROVIDERS: host.remap,
};

const p95s = (s: PhaseStats) => Object.fromEntries(Object.entries(s.classes).map(([k, c]) => [k, +c.p95.toFixed(1)]));

async function measureShape(shape: string, base: string) {
  // Probing the session also makes its one-off data fetches (the 414 probability maps indexed by the
  // first statistical assignment, the labelled map behind bestViewPoint): a production process does
  // those once after start, so capacity is measured without them. The flood's first reads of each
  // region's or feature's files stay in it: walking every region or feature is what such a flood does.
  const { session, flood, dropped } = await scenario(base);
  if (dropped.length) console.log(`  not served (left out): ${dropped.join(", ")}`);
  const mix: Request[] = expand(session.kept, classOf);
  const heavy: Request[] = expand(flood.kept, classOf);
  console.log(
    `  mix: ${mix.length} requests per session (${[...new Set(session.kept.map((t) => t.id))].join(", ")}); flood: ${heavy.length} distinct (${[...new Set(flood.kept.map((t) => t.id))].join(", ")})`,
  );

  // Capacity: the highest open-loop rate serving the whole mix (bench/weighted/capacity.ts).
  const { capacity, closed, bundles, steps } = await mixCapacity(base, mix);
  const asEntries = (rs: Request[]) => rs.map((r) => ({ id: r.cls, path: r.path, count: 1, weight: 1 }));
  console.log(
    `  closed loop ${closed.toFixed(0)} req/s; bundles bound the mix to ${bundles.toFixed(0)} req/s; open-loop ramp ${steps.map((s) => `${s.rate.toFixed(0)}/s→${s.held ? "ok" : `${s.shed} shed ${s.missed.join("+")}`}`).join(", ")}`,
  );
  // Distinct halves: the flood must not meet answers cached while measuring.
  // Successes only (weight 1 each): a refused request is not work the service finished.
  const heavyCap = (
    await loadMix(base, asEntries(heavy.slice(0, heavy.length / 2)), { seconds: 4, concurrency: 8, warmUp: false })
  ).weightedRps;
  const floodSet = heavy.slice(heavy.length / 2);
  const mixRate = 0.6 * capacity;
  const floodRate = Math.min(2 * heavyCap, 4 * mixRate);
  console.log(
    `  capacity ${capacity.toFixed(0)} req/s (mix at ${mixRate.toFixed(0)}/s); expensive ${heavyCap.toFixed(0)} req/s (flood at ${floodRate.toFixed(0)}/s)`,
  );
  const floodCount = Math.floor(floodRate * SECONDS);
  if (floodCount > floodSet.length)
    console.log(
      `  note: the flood repeats requests (${floodCount} sent, ${floodSet.length} distinct): repeats may hit the cache`,
    );

  const pickMix = (i: number) => mix[i % mix.length];
  const idleOut = await runOpenLoop(plan(mixRate, SECONDS, pickMix), httpSend(base));
  const idle = summarize(idleOut, SECONDS);
  const idOf = new Map([...session.kept, ...flood.kept].map((t) => [t.path, t.id]));
  printPhase(shape, "idle", idle);
  printFailures(idleOut, idOf);

  const floodPlan = plan(floodRate, SECONDS, (i) => ({ ...floodSet[i % floodSet.length], flood: true }));
  const floodOut = await runOpenLoop(merge(plan(mixRate, SECONDS, pickMix), floodPlan), httpSend(base));
  const flooded = summarize(floodOut, SECONDS, (o) => !o.flood);
  printPhase(shape, "flood (base mix)", flooded);
  printFailures(
    floodOut.filter((o) => !o.flood),
    idOf,
  );
  printPhase(
    shape,
    "flood (expensive requests)",
    summarize(floodOut, SECONDS, (o) => Boolean(o.flood)),
  );
  printFailures(
    floodOut.filter((o) => o.flood),
    idOf,
  );
  return {
    shape,
    idle: p95s(idle),
    flood: p95s(flooded),
    weighted_goodput: { idle: +idle.weightedGoodput.toFixed(1), flood: +flooded.weightedGoodput.toFixed(1) },
    weighted_response_ms: {
      idle: +idle.weightedResponseMs.toFixed(1),
      flood: +flooded.weightedResponseMs.toFixed(1),
    },
  };
}

const lines: string[] = [];
try {
  for (const shape of SHAPES) {
    const workers = shape.startsWith("server") ? Number(shape.slice(6) || 1) : 0;
    const name = workers ? `role server, ${workers} worker${workers > 1 ? "s" : ""}` : "role all";
    console.log(`\n== ${name}`);
    const proc = workers
      ? await startProcess(["dev/stack/cli.ts", "--workers", String(workers)], env)
      : await startProcess(["src/index.ts"], env);
    try {
      lines.push(JSON.stringify(await measureShape(name, proc.url)));
    } finally {
      await proc.stop();
    }
  }
} finally {
  host.stop();
}
console.log("");
for (const line of lines) console.log(line);

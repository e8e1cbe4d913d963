import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, killGroup, start, waitForReady } from "../dev/process.ts";
import { childrenOf, cpuMs, pinSelf } from "./cpu-time.ts";
import { startDataHost } from "./fixture-host/index.ts";
import { floodLoop } from "./scale-out-load.ts";
import { scenario } from "./weighted/mix.ts";
import type { FloodRun } from "./scale-out-load.ts";

/**
 * `npm run bench:scale-out`: what one worker core adds in role `server`, measured on one machine by
 * pinning processes to cores. Shape A: role `all` (its job threads included) on core 0. Shape B: the
 * stack under `taskset -c 0` (role `server`, Redis, the REST bridge and the local QStash) and one
 * worker on core 1. This process (load driver and fixture data host) runs on core 1 in both, so in
 * B it competes with the worker (its CPU is printed). Each shape serves the flood set of
 * `scenario()` (statistical maps, feature plots and downloads, atlas bundles; each request distinct)
 * to a closed loop of BENCH_CONCURRENCY clients: capacity = requests answered per second after a
 * warm-up, and CPU per job from /proc/<pid>/stat of each process before and after. A closed loop
 * may leave a core idle (B's round trips through QStash and Redis), so each core's busy share and
 * the capacity its CPU per job allows are printed too.
 */
// The flood set holds ~1,600 distinct requests: at ~150/s these leave some unused.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 1.5);
// Role all refuses some expensive requests (503) from 12 clients on one core; 8 get none refused.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
const BUN = process.execPath;
const ROOT = `${import.meta.dir}/..`;

pinSelf("1");
const host = await startDataHost(CONFIG);

type Measured = { run: FloodRun; cpu: Record<string, number> };

/** Starts `args` under `taskset -c 0` on a free PORT with a fresh cache directory; waits for /ready. */
async function startPinned(args: string[]) {
  const port = await freePort();
  const cacheDir = mkdtempSync(join(tmpdir(), "scale-out-"));
  const proc = start("taskset", ["-c", "0", BUN, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      SIIBRA_USE_CONFIGURATION: CONFIG,
      SIIBRA_API_LOG: "silent",
      SIIBRA_API_REMAP_PROVIDERS: host.remap,
      // No zip or data left on disk by the other shape or an earlier run.
      SIIBRA_CACHEDIR: cacheDir,
      PORT: String(port),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForReady(`${url}/ready`, proc, 60_000);
  const stop = async () => {
    await killGroup(proc, 10_000);
    rmSync(cacheDir, { recursive: true, force: true });
  };
  return { url, pid: proc.child.pid as number, stop };
}

/** Warm-up, then the measured closed loop with each named process's CPU read around it. */
async function measure(base: string, pids: Record<string, number>): Promise<Measured> {
  // Probing also makes the one-off fetches a production process makes once after start.
  const { flood, dropped } = await scenario(base);
  if (dropped.length) console.log(`  not served (left out): ${dropped.join(", ")}`);
  const paths = flood.kept.map((t) => t.path);
  const warm = await floodLoop(base, paths, { seconds: WARM_SECONDS, concurrency: CONCURRENCY, start: 0 });
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
  const run = await floodLoop(base, paths, { seconds: SECONDS, concurrency: CONCURRENCY, start: warm.next });
  const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid) - before[k]]));
  console.log(
    `  ${paths.length} distinct; measured ${run.answered} answered (${run.failed} failed) in ${run.seconds.toFixed(1)} s, ${(run.bytes / 2 ** 20).toFixed(0)} MB; CPU ms: ${Object.entries(
      cpu,
    )
      .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
      .join(", ")}`,
  );
  if (run.failed) console.log(`  failures: ${JSON.stringify(run.failures)}`);
  if (run.next >= paths.length) console.log("  note: the flood set ran out before the time was up");
  return { run, cpu };
}

let a: Measured;
let b: Measured;
try {
  console.log("== A: role all on core 0");
  const all = await startPinned(["src/index.ts"]);
  try {
    a = await measure(all.url, { all: all.pid, driver: process.pid });
  } finally {
    await all.stop();
  }

  console.log("== B: role server + Redis + bridge + QStash on core 0, one worker on core 1");
  const stack = await startPinned(["--no-env-file", "dev/stack/cli.ts", "--workers", "1", "--worker-cpus", "1"]);
  try {
    const kids = childrenOf(stack.pid);
    const pidOf = (pred: (k: (typeof kids)[number]) => boolean, what: string) => {
      const kid = kids.find(pred);
      if (!kid) throw new Error(`no ${what} among the stack's children: ${JSON.stringify(kids)}`);
      return kid.pid;
    };
    b = await measure(stack.url, {
      server: pidOf((k) => k.role === "server", "server"),
      worker: pidOf((k) => k.role === "worker", "worker"),
      // The stack process itself runs the REST bridge and the local QStash.
      infra: stack.pid,
      redis: pidOf((k) => k.comm.startsWith("redis-server"), "redis-server"),
      driver: process.pid,
    });
  } finally {
    await stack.stop();
  }
} finally {
  host.stop();
}

const rate = (m: Measured) => m.run.answered / m.run.seconds;
const perJob = (m: Measured, k: string) => m.cpu[k] / m.run.answered;
const mb = b.run.bytes / 2 ** 20;
const figures = {
  concurrency: CONCURRENCY,
  seconds: SECONDS,
  capacity_a: +rate(a).toFixed(1),
  capacity_b: +rate(b).toFixed(1),
  ratio_b_a: +(rate(b) / rate(a)).toFixed(2),
  all_cpu_ms_per_job: +perJob(a, "all").toFixed(1),
  server_cpu_ms_per_job: +perJob(b, "server").toFixed(2),
  server_cpu_ms_per_mb: +(b.cpu.server / mb).toFixed(2),
  infra_cpu_ms_per_job: +((b.cpu.infra + b.cpu.redis) / b.run.answered).toFixed(2),
  worker_cpu_ms_per_job: +perJob(b, "worker").toFixed(1),
  server_pct_of_worker: +((100 * b.cpu.server) / b.cpu.worker).toFixed(1),
  core0_pct_of_worker: +((100 * (b.cpu.server + b.cpu.infra + b.cpu.redis)) / b.cpu.worker).toFixed(1),
  mb_per_job_b: +(mb / b.run.answered).toFixed(2),
  busy_pct: {
    a_core0: +((100 * a.cpu.all) / (1000 * a.run.seconds)).toFixed(0),
    b_core0: +((100 * (b.cpu.server + b.cpu.infra + b.cpu.redis)) / (1000 * b.run.seconds)).toFixed(0),
    b_core1: +((100 * (b.cpu.worker + b.cpu.driver)) / (1000 * b.run.seconds)).toFixed(0),
  },
  // What one core's CPU per job allows: role all's core, and B's worker core with the driver beside it.
  cpu_bound_a: +(1000 / perJob(a, "all")).toFixed(0),
  cpu_bound_b_worker: +(1000 / (perJob(b, "worker") + perJob(b, "driver"))).toFixed(0),
  driver_cpu_ms_per_job: { a: +perJob(a, "driver").toFixed(1), b: +perJob(b, "driver").toFixed(1) },
};
console.log(`
capacity A (role all, 1 core)              ${figures.capacity_a} req/s
capacity B (server core 0 + 1 worker core) ${figures.capacity_b} req/s
ratio B/A                                  ${figures.ratio_b_a}
role all CPU per job                       ${figures.all_cpu_ms_per_job} ms
server CPU per forwarded job               ${figures.server_cpu_ms_per_job} ms
server CPU per forwarded MB                ${figures.server_cpu_ms_per_mb} ms (${figures.mb_per_job_b} MB per job)
Redis + bridge + QStash CPU per job        ${figures.infra_cpu_ms_per_job} ms
worker CPU per job                         ${figures.worker_cpu_ms_per_job} ms
server CPU / worker CPU per job            ${figures.server_pct_of_worker} % (core 0 in all: ${figures.core0_pct_of_worker} %)
load driver + data host CPU per job        A ${figures.driver_cpu_ms_per_job.a} ms, B ${figures.driver_cpu_ms_per_job.b} ms (core 1)
busy                                       A core 0 ${figures.busy_pct.a_core0} %; B core 0 ${figures.busy_pct.b_core0} %, core 1 ${figures.busy_pct.b_core1} %
CPU-bound capacity                         A ${figures.cpu_bound_a} req/s; B's worker core ${figures.cpu_bound_b_worker} req/s
`);
console.log(JSON.stringify(figures));

import { startStack } from "../../dev/stack/stack.ts";
import { discover, expand, served, sessionTemplates } from "../weighted/mix.ts";
import type { Template } from "../weighted/mix.ts";
import { classOf } from "../weighted/classes.ts";
import { SERVER_ENV } from "./setup.ts";
import { steadyLoad } from "./steady-load.ts";
import type { Sent } from "./steady-load.ts";

export type RollingOptions = {
  /** Requests per second. */
  rate: number;
  /**
   * Share of requests that are new jobs (region feature lists, each for another region and page size):
   * the mix's ~100 paths are answered from stored outcomes after their first run, so without these the
   * workers would have nothing to do while they restart.
   */
  fresh: number;
  /** Load before the first SIGTERM and after the second worker is back. */
  beforeS: number;
  afterS: number;
  /** Extra environment of the server and the workers. */
  env?: Record<string, string>;
  log?: (line: string) => void;
};

export type PhaseReport = { requests: number; ok: number; p50Ms: number; p95Ms: number };

export type RollingReport = {
  rate: number;
  fresh: number;
  requests: number;
  /** Answers other than 2xx, by status and class ("503+retry-after detail": shed or drained). */
  non2xx: Record<string, number>;
  /** Requests that failed without an HTTP answer (reset, refused): must be 0. */
  fetchErrors: number;
  fetchErrorSamples: string[];
  /** Requests still unanswered 30 s after the load stopped. */
  lost: number;
  before: PhaseReport;
  during: PhaseReport;
  after: PhaseReport;
  restarts: { worker: number; atMs: number; exitCode: number | null; drainMs: number; backMs: number }[];
  /** The slowest requests scheduled during the restarts (time since the load started). */
  slowestDuring: { atMs: number; latencyMs: number; status: number; cls: string; path: string }[];
  qstash: { published: number; attempts: number; delivered: number; failed: number; deduplicated: number };
};

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";

/** New jobs: region feature lists, each for another region and page size, so no stored outcome answers them. */
function freshJobs(regionNames: string[], n = 4000): Template[] {
  const categories = ["Tabular", "CorticalProfile"];
  return Array.from({ length: n }, (_, i) => {
    const region = encodeURIComponent(regionNames[i % regionNames.length]);
    const size = 1 + (Math.floor(i / regionNames.length) % 100);
    const path = `/v3_0/feature/${categories[i % 2]}?parcellation_id=${JBA31}&region_id=${region}&page=1&size=${size}`;
    return { id: "L1*", path, count: 1 };
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

function phase(sent: Sent[]): PhaseReport {
  const lat = sent.map((s) => s.latencyMs).sort((a, b) => a - b);
  const ok = sent.filter((s) => s.status >= 200 && s.status < 300).length;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { requests: sent.length, ok, p50Ms: r(pct(lat, 0.5)), p95Ms: r(pct(lat, 0.95)) };
}

/**
 * A rolling restart of two workers under load, end to end: the server-worker stack (server, local QStash,
 * Redis, 2 workers; response cache and memo off, outcomes kept 1 s, so the workers stay busy), a steady open-loop load of
 * the production session mix, then SIGTERM → exit → restart → ready for worker 0, then worker 1.
 */
export async function rollingRestart(opts: RollingOptions): Promise<RollingReport> {
  const log = opts.log ?? (() => {});
  // Data hosts answer 404 at once (a final 502, or ids only for knowledge-graph lookups): an unreachable
  // host would be a transient 503 that QStash retries, and the retries below would make each such
  // request take 10 s while the mix is being read.
  const dataHost = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("", { status: 404 }) });
  const stub = `http://127.0.0.1:${dataHost.port}`;
  const env = {
    ...SERVER_ENV,
    SIIBRA_API_REMAP_PROVIDERS: `https://data-proxy.ebrains.eu::${stub}/dp\nhttps://jugit.fz-juelich.de::${stub}/jugit`,
    // Deliveries to a worker that is down are retried by QStash: real QStash waits ~12 s, ~2.5 min, …
    // between retries, so 3 span any restart; the local one waits 0.3 s × n, so 8 (10.8 s in all) do.
    SIIBRA_API_JOB_RETRIES: "8",
    ...opts.env,
  };
  const stack = await startStack({ workers: 2, env });
  log("stack up");
  try {
    const d = await discover(stack.serverUrl);
    const mix = expand((await served(stack.serverUrl, sessionTemplates(d))).kept, classOf);
    const flood = expand(freshJobs(d.regionNames), classOf);
    log(`mix of ${mix.length} requests, ${Math.round(opts.fresh * 100)} % new jobs; ${opts.rate} req/s`);
    // Spread the new jobs evenly through the schedule.
    let fresh = 0;
    const pick = (i: number) =>
      Math.floor((i + 1) * opts.fresh) > Math.floor(i * opts.fresh)
        ? flood[fresh++ % flood.length]
        : mix[i % mix.length];

    const load = steadyLoad(stack.serverUrl, opts.rate, pick);
    await Bun.sleep(opts.beforeS * 1000);
    const restartFrom = load.now();
    const restarts: RollingReport["restarts"] = [];
    for (const worker of [0, 1]) {
      const t = load.now();
      const exitCode = await stack.terminateWorker(worker);
      const drained = load.now();
      await stack.restartWorker(worker);
      restarts.push({
        worker,
        atMs: Math.round(t),
        exitCode,
        drainMs: Math.round(drained - t),
        backMs: Math.round(load.now() - t),
      });
      log(
        `worker ${worker}: exit ${exitCode} after ${Math.round(drained - t)} ms, ready again after ${Math.round(load.now() - t)} ms`,
      );
    }
    const restartTo = load.now();
    await Bun.sleep(opts.afterS * 1000);
    const sent = await load.stop();

    const non2xx: Record<string, number> = {};
    for (const s of sent) {
      if (s.status === 0 || (s.status >= 200 && s.status < 300)) continue;
      const key = `${s.status === 503 && s.retryAfter ? "503+retry-after" : s.status} ${s.cls}`;
      non2xx[key] = (non2xx[key] ?? 0) + 1;
    }
    const errors = sent.filter((s) => s.status === 0 && s.error !== "unanswered");
    const { published, attempts, delivered, failed, deduplicated } = stack.qstash.stats();
    return {
      rate: opts.rate,
      fresh: opts.fresh,
      requests: sent.length,
      non2xx,
      fetchErrors: errors.length,
      fetchErrorSamples: [...new Set(errors.map((e) => e.error ?? ""))].slice(0, 5),
      lost: sent.filter((s) => s.error === "unanswered").length,
      before: phase(sent.filter((s) => s.scheduledMs < restartFrom)),
      during: phase(sent.filter((s) => s.scheduledMs >= restartFrom && s.scheduledMs < restartTo)),
      after: phase(sent.filter((s) => s.scheduledMs >= restartTo)),
      restarts,
      slowestDuring: sent
        .filter((s) => s.scheduledMs >= restartFrom && s.scheduledMs < restartTo)
        .sort((a, b) => b.latencyMs - a.latencyMs)
        .slice(0, 8)
        .map((s) => ({
          atMs: Math.round(s.scheduledMs),
          latencyMs: Math.round(s.latencyMs),
          status: s.status,
          cls: s.cls,
          path: s.path.slice(0, 60),
        })),
      qstash: { published, attempts, delivered, failed, deduplicated },
    };
  } finally {
    await stack.stop();
    dataHost.stop(true);
  }
}

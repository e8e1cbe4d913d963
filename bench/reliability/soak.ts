import { plan, runOpenLoop } from "../weighted/open-loop.ts";
import { procStats, slope } from "./process-stats.ts";
import type { ProcStats } from "./process-stats.ts";
import { classifiedSend, setUp } from "./setup.ts";

/**
 * `npm run soak` (docs/operations.md#reliability): the production mix, open loop, at 80 % of the measured capacity for
 * SOAK_SECONDS (default 600), in slices of 10 s. After each slice: the server's RSS, open descriptors and
 * sockets. Reports errors (a status other than the one the same request had before the soak, or no
 * answer), the peak RSS (`VmHWM`), the RSS slope over the second half (MB/min, after warm-up) and the
 * descriptor counts.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SLICE = 10;
const FRACTION = Number(process.env.SOAK_FRACTION ?? 0.8);

const { proc, mix, capacity } = await setUp();
try {
  const pid = proc.pid;
  if (pid === undefined) throw new Error("no server pid");
  const send = classifiedSend(proc.url);
  const expected = new Map<string, number>();
  for (const r of mix) {
    if (expected.has(r.path)) continue;
    expected.set(r.path, await send(r.path));
  }
  const rate = FRACTION * capacity;
  console.log(`capacity ${capacity.toFixed(0)} req/s; soak at ${rate.toFixed(0)} req/s for ${SECONDS} s`);
  const samples: { t: number; stats: ProcStats }[] = [{ t: 0, stats: procStats(pid) }];
  let sent = 0;
  let errors = 0;
  const failed = new Map<string, number>();
  const byStatus = new Map<number, number>();
  let cursor = 0;
  for (let t = SLICE; t <= SECONDS; t += SLICE) {
    const out = await runOpenLoop(
      plan(rate, SLICE, (i) => mix[(cursor + i) % mix.length]),
      send,
    );
    cursor += out.length;
    sent += out.length;
    for (const o of out) {
      byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
      if (o.status !== expected.get(o.path)) {
        errors++;
        const kind = `${o.cls} ${o.status} ${o.path.split("?")[0]}`;
        failed.set(kind, (failed.get(kind) ?? 0) + 1);
      }
    }
    const stats = procStats(pid);
    samples.push({ t, stats });
    console.log(
      `  t=${String(t).padStart(4)} s  rss ${stats.rssMb.toFixed(1)} MB  fds ${stats.fds}  sockets ${stats.sockets}  errors ${errors}`,
    );
  }
  const late = samples.filter((s) => s.t >= SECONDS / 2);
  const rssSlope = slope(late.map((s) => [s.t / 60, s.stats.rssMb]));
  const first = samples[1] ?? samples[0];
  const last = samples[samples.length - 1];
  const summary = {
    seconds: SECONDS,
    rate: +rate.toFixed(1),
    requests: sent,
    errors,
    statuses: Object.fromEntries(byStatus),
    failed: Object.fromEntries(failed),
    rss_mb: {
      start: +first.stats.rssMb.toFixed(1),
      end: +last.stats.rssMb.toFixed(1),
      peak: +last.stats.peakRssMb.toFixed(1),
    },
    rss_slope_mb_per_min_second_half: +rssSlope.toFixed(2),
    fds: { start: first.stats.fds, end: last.stats.fds, max: Math.max(...samples.map((s) => s.stats.fds)) },
    sockets: { start: first.stats.sockets, end: last.stats.sockets },
  };
  console.log(JSON.stringify(summary));
} finally {
  await proc.stop();
}

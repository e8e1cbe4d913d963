import type { MixEntry } from "./session-mix.ts";

export type MixResult = {
  rps: number;
  weightedRps: number;
  p50: number;
  p95: number;
  weightedMeanMs: number;
  errors: number;
};

/**
 * Closed-loop load over a request mix: `concurrency` clients cycle through the list for `seconds`.
 * Weighted throughput = Σ weight × successes per second; weighted mean latency = Σ w·t / Σ w.
 */
export async function loadMix(
  base: string,
  mix: MixEntry[],
  opts: { seconds: number; concurrency: number; warmUp?: boolean },
): Promise<MixResult> {
  const run = async (seconds: number) => {
    const deadline = performance.now() + seconds * 1000;
    const lat: number[] = [];
    let next = 0;
    let errors = 0;
    let weighted = 0;
    let wSum = 0;
    let wLat = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (performance.now() < deadline) {
          const entry = mix[next++ % mix.length];
          const t0 = performance.now();
          let ok = false;
          try {
            const res = await fetch(base + entry.path);
            await res.arrayBuffer();
            ok = res.status < 400;
          } catch {
            ok = false;
          }
          const ms = performance.now() - t0;
          lat.push(ms);
          wSum += entry.weight;
          wLat += entry.weight * ms;
          if (ok) weighted += entry.weight;
          else errors++;
        }
      }),
    );
    const secs = (performance.now() - started) / 1000;
    lat.sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
    return {
      rps: lat.length / secs,
      weightedRps: weighted / secs,
      p50: pct(0.5),
      p95: pct(0.95),
      weightedMeanMs: wLat / wSum,
      errors,
    };
  };
  // Warm-up: trees, maps and caches are built on first use. Off for lists of distinct requests, whose
  // measured pass would otherwise start with the answers the warm-up just cached.
  if (opts.warmUp !== false) await run(Math.min(1, opts.seconds / 2));
  return run(opts.seconds);
}

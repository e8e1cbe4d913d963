/** A bounded closed-loop HTTP load generator: `concurrency` clients for `seconds`, keep-alive fetch. */
export type LoadResult = { requests: number; errors: number; seconds: number; rps: number; p50: number; p95: number };

export async function load(
  urls: string[],
  opts: { concurrency: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const deadline = performance.now() + opts.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline) {
      const url = urls[next++ % urls.length];
      const t0 = performance.now();
      try {
        const res = await fetch(url, { headers: opts.headers });
        await res.arrayBuffer();
        if (res.status >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50: q(0.5), p95: q(0.95) };
}

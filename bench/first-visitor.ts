import { readFileSync } from "node:fs";
import { freePort } from "../dev/process.ts";
import { startDataHost } from "./fixture-host/index.ts";

/**
 * Targets of docs/benchmarks.md#weighted-throughput: the first visitor's first-paint chain against the warm
 * chain, and cold start, over fresh processes. The chain is replayed by
 * `../shared/tools/firstpaint_replay.py` (the client's 42 requests in 7 stages), starting the moment the
 * server first answers `/v3_0/atlases`; the warm chain is the median of five later replays, each from a fresh
 * client process as the first one.
 */
const TOOL = `${import.meta.dir}/../../shared/tools/firstpaint_replay.py`;
const BUN = process.execPath;

async function replay(base: string, runs: number): Promise<number[]> {
  const out = `/tmp/firstpaint-${process.pid}-${runs}.json`;
  const proc = Bun.spawn(["python3", TOOL, base, "--runs", String(runs), "--json", out], { stdout: "ignore" });
  if ((await proc.exited) !== 0) throw new Error("first-paint replay failed");
  const parsed = JSON.parse(readFileSync(out, "utf8")) as { runs?: { total_ms: number }[] } | { total_ms: number }[];
  const list = Array.isArray(parsed) ? parsed : (parsed.runs ?? []);
  return list.map((r) => r.total_ms);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export type FirstVisitor = { coldMs: number; firstMs: number; warmMs: number; rssMb: number };

export async function firstVisitor(env: Record<string, string>): Promise<FirstVisitor> {
  const port = await freePort();
  const t0 = performance.now();
  const proc = Bun.spawn([BUN, "src/index.ts"], {
    cwd: `${import.meta.dir}/..`,
    env: { ...process.env, ...env, PORT: String(port) },
    stdout: "ignore",
    stderr: "inherit",
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (;;) {
      const ok = await fetch(`${base}/v3_0/atlases`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - t0 > 30_000) throw new Error("no 200 within 30 s");
      await Bun.sleep(2);
    }
    const coldMs = performance.now() - t0;
    const [firstMs] = await replay(`${base}/v3_0`, 1);
    await Bun.sleep(1000);
    // Each warm chain is also the first run of a fresh client process, like the first visitor's: the
    // replay tool's own first run is ~1.7× its later ones even against a long-warm server (Python
    // imports, thread start-up), which a median over one process's runs would count against us.
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(...(await replay(`${base}/v3_0`, 1)));
    const warmMs = median(warm);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"))?.[1] ?? NaN);
    return { coldMs, firstMs, warmMs, rssMb: kb / 1024 };
  } finally {
    proc.kill();
    await proc.exited;
  }
}

if (import.meta.main) {
  const config = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
  // Remote hosts answer, as deployed (see bench/core-floor.ts).
  const host = process.env.SIIBRA_API_REMAP_PROVIDERS ? null : await startDataHost(config);
  const env = {
    SIIBRA_USE_CONFIGURATION: config,
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
    SIIBRA_API_REMAP_PROVIDERS: process.env.SIIBRA_API_REMAP_PROVIDERS ?? host?.remap ?? "",
  };
  const rows: FirstVisitor[] = [];
  for (let i = 0; i < Number(process.env.BENCH_STARTS ?? 3); i++) rows.push(await firstVisitor(env));
  for (const r of rows) {
    console.log(
      `cold ${r.coldMs.toFixed(0)} ms  first visitor ${r.firstMs.toFixed(1)} ms  warm ${r.warmMs.toFixed(1)} ms  ratio ${(r.firstMs / r.warmMs).toFixed(2)}  rss ${r.rssMb.toFixed(0)} MB`,
    );
  }
  const ratio = median(rows.map((r) => r.firstMs / r.warmMs));
  console.log(
    `median first-visitor ratio ${ratio.toFixed(2)} (target ≤ 1.2), cold start ${median(rows.map((r) => r.coldMs)).toFixed(0)} ms (target < 300)`,
  );
  host?.stop();
}

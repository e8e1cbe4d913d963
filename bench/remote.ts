/**
 * `bun bench/remote.ts`: cost of the hardened remote layer, as ratios against baselines measured in the
 * same run — plain `fetch` + `arrayBuffer()` for the fetcher, `Bun.gunzipSync` for the guarded gunzip —
 * and the wait a down host costs before and after its failure is remembered.
 */
import { gzipSync } from "node:zlib";
import { buildAllowList } from "../src/lib/host-allow-list.ts";
import { gunzip } from "../src/lib/gunzip.ts";
import { createRemoteFetcher } from "../src/lib/remote.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCY = 16;
const small = new TextEncoder().encode(JSON.stringify({ values: Array.from({ length: 1000 }, (_, i) => i) }));
const large = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251);
const origin = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req) => new Response(new URL(req.url).pathname === "/large" ? large : small),
});
const base = `http://127.0.0.1:${origin.port}`;
const remap = [["https://data.example", base]] as const;
const fetcher = createRemoteFetcher({ remap, allow: buildAllowList({ hosts: ["data.example"], remap }) });

/** Requests per second of `run` with CONCURRENCY loops for SECONDS (after a short warm-up). */
async function rate(run: () => Promise<unknown>): Promise<number> {
  const loop = async (until: number) => {
    let n = 0;
    while (performance.now() < until) {
      await run();
      n++;
    }
    return n;
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => loop(performance.now() + 300)));
  const t0 = performance.now();
  const counts = await Promise.all(Array.from({ length: CONCURRENCY }, () => loop(t0 + SECONDS * 1000)));
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000);
}

console.log(`remote fetcher, ${CONCURRENCY} concurrent loops, ${SECONDS}s each (local origin):`);
for (const [label, path] of [
  ["12 KB JSON", "/small"],
  ["4 MB binary", "/large"],
] as const) {
  // Alternated twice, the second round counted: the first of a pair otherwise pays the warm-up.
  let plain = 0;
  let hardened = 0;
  for (let round = 0; round < 2; round++) {
    plain = await rate(async () => new Uint8Array(await (await fetch(`${base}${path}`)).arrayBuffer()));
    hardened = await rate(() => fetcher.bytes(`https://data.example${path}`));
  }
  console.log(
    `  ${label.padEnd(12)} plain fetch ${plain.toFixed(0).padStart(6)} req/s   hardened ${hardened.toFixed(0).padStart(6)} req/s   ratio ${(hardened / plain).toFixed(2)}`,
  );
}
origin.stop(true);

const inflated = new Uint8Array(32 * 1024 * 1024).map((_, i) => (i * 7) % 13);
const gz = new Uint8Array(gzipSync(inflated));
const time = async (run: () => unknown, n = 5) => {
  await run();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await run();
  return (performance.now() - t0) / n;
};
const sync = await time(() => Bun.gunzipSync(gz));
const guarded = await time(() => gunzip(gz, { maxBytes: inflated.length }));
console.log(
  `\ngunzip 32 MB: Bun.gunzipSync ${sync.toFixed(1)} ms, guarded streaming ${guarded.toFixed(1)} ms, ratio ${(sync / guarded).toFixed(2)}`,
);
const bomb = new Uint8Array(gzipSync(new Uint8Array(1024 * 1024 * 1024), { level: 9 }));
const refused = await time(() => gunzip(bomb, { maxBytes: 64 * 1024 * 1024 }).catch(() => null), 2);
console.log(
  `gzip bomb (${(bomb.length / 1024).toFixed(0)} KB → 1 GB) refused at a 64 MB cap in ${refused.toFixed(1)} ms`,
);

// A host that accepts requests and never answers.
const hanging = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  idleTimeout: 0,
  fetch: () => new Promise<Response>(() => {}),
});
const down = createRemoteFetcher({
  remap: [["https://down.example", `http://127.0.0.1:${hanging.port}`]],
  timeoutMs: 1000,
});
const attempt = async () => {
  const t0 = performance.now();
  await down.bytes("https://down.example/x").catch(() => null);
  return performance.now() - t0;
};
const first = await attempt();
const second = await attempt();
console.log(
  `\nsilent host, 1 s budget: first request ${first.toFixed(0)} ms, next request ${second.toFixed(2)} ms (remembered)`,
);
hanging.stop(true);

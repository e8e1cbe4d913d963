/**
 * Feature detail benchmark (in process): a receptor fingerprint and a 414-region, 200-subject
 * connectivity matrix (Julich-Brain 3.1 StreamlineCounts) served by a local data host, cold (decoded-
 * data cache emptied: fetch + decode + serialize) and warm (decoded data cached, response cache off:
 * serialize only), p50/p95;
 * the longest event-loop stall while the 200-subject average is computed; and what the decoded-data
 * cache holds at its bound after every subject's matrix was asked for.
 */
import { zipSync, strToU8 } from "fflate";
import { createApp } from "../src/app.ts";
import { composeServices } from "../src/compose.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { parseEnv } from "../src/env.ts";
import { parseRemapRules } from "../src/lib/remote.ts";
import { createIdsOnlyDatasetService } from "../src/datasets/index.ts";
import { featureIndex } from "../src/features/preconfigured/feature-index.ts";

const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
const VOCAB = process.env.SIIBRA_USE_VOCABULARIES ?? "../shared/siibra-vocabularies";
const PROXY = "https://data-proxy.ebrains.eu/";
const CACHE_MB = Number(process.env.BENCH_DATA_CACHE_MB ?? 64);
type Json = Record<string, unknown>;

const files = await loadConfigDir(CONFIG, VOCAB);
const docs = new Map(files.files.filter(([p]) => p.startsWith("features/")).map(([p, d]) => [p, d as Json]));
const fp = [...docs.values()].find((d) => String(d["@type"]).includes("fingerprint/receptor")) as Json;
const [connPath, conn] = [...docs.entries()].find(([p]) =>
  p.endsWith("julich_brain_cytoarchitectonic_maps_3_1_streamlinecounts_hcp.json"),
) as [string, Json];

// One 414×414 matrix text per subject, distinct values so averaging does real work; stored, not deflated.
const n = (conn.regions as string[]).length;
const members: Record<string, Uint8Array> = {};
Object.values(conn.files as Record<string, string>).forEach((file, s) => {
  const lines: string[] = [];
  for (let i = 0; i < n; i++)
    lines.push(Array.from({ length: n }, (_, j) => String((s * 31 + i * 7 + j) % 997)).join(","));
  members[file] = strToU8(`${lines.join("\n")}\n`);
});
const zip = zipSync(members, { level: 0 });
const routes = new Map<string, Uint8Array<ArrayBuffer>>([
  ["/warm-up", new Uint8Array(strToU8("ok"))],
  [
    `/${String(fp.file).slice(PROXY.length)}`,
    new Uint8Array(strToU8("receptor\tmean\tsd\tunit\nAMPA\t400\t50\tfmol/mg\nNMDA\t900\t80\tfmol/mg\n")),
  ],
  [`/${String((conn.repository as Json).url).slice(PROXY.length)}`, new Uint8Array(zip)],
]);
const host = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req) => {
    const body = routes.get(new URL(req.url).pathname);
    return body ? new Response(body) : new Response("not found", { status: 404 });
  },
});

/**
 * A new app (so a new, empty decoded-data cache) with what a running process has built once already:
 * the feature index and the fetcher's allow-list (built on its first request).
 */
async function freshApp() {
  const env = parseEnv({
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
    SIIBRA_API_DATA_CACHE_MB: String(CACHE_MB),
    SIIBRA_API_REMAP_PROVIDERS: `${PROXY}::http://127.0.0.1:${host.port}/`,
  });
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({ env, files, remap, datasets: createIdsOnlyDatasetService() });
  featureIndex(services.store).all();
  await services.fetcher.bytes(`${PROXY}warm-up`);
  return { app: createApp(services), services };
}

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const fmt = (xs: number[]) => `p50 ${q(xs, 0.5).toFixed(1)} ms  p95 ${q(xs, 0.95).toFixed(1)} ms  (n=${xs.length})`;

async function timed(app: Awaited<ReturnType<typeof freshApp>>["app"], path: string): Promise<number> {
  const t0 = performance.now();
  const res = await app.request(path);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

/** The longest gap between 2 ms ticks while `work` runs: how long the event loop was held. */
async function maxStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  await work();
  clearInterval(timer);
  return worst;
}

const probe = await freshApp();
const records = featureIndex(probe.services.store).all();
const fpId = String(fp["@id"]);
const connId = records.find((r) => r.path === connPath)?.id as string;
const enc = encodeURIComponent;
const fpPath = `/v3_0/feature/${enc(fpId)}`;
const subjectPath = `/v3_0/feature/${enc(connId)}?subject=000`;

console.log(`\nfeature details (in process, local data host; ${n} regions × ${Object.keys(members).length} subjects):`);
for (const [name, path, coldRuns, warmRuns] of [
  ["receptor fingerprint", fpPath, 20, 200],
  ["connectivity matrix, one subject", subjectPath, 6, 30],
] as const) {
  // Cold: the decoded-data cache emptied in a process that has served the route once (so per-process
  // memos — feature index, anchors, allow-list — are built): fetch from the data host + decode + serialize.
  const { app, services } = await freshApp();
  await timed(app, path);
  const cold: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    services.dataCache.clear();
    cold.push(await timed(app, path));
  }
  await timed(app, path);
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await timed(app, path));
  console.log(`  ${name.padEnd(36)} cold ${fmt(cold)}   warm ${fmt(warm)}`);
}

const avg = await freshApp();
let avgMs = 0;
const stall = await maxStall(async () => {
  avgMs = await timed(avg.app, `/v3_0/feature/${enc(connId)}`);
});
console.log(
  `  connectivity average of all subjects   cold ${avgMs.toFixed(0)} ms, longest event-loop stall ${stall.toFixed(1)} ms`,
);

const bound = await freshApp();
const rss0 = process.memoryUsage().rss;
for (const s of Object.keys(conn.files as Json))
  await timed(bound.app, `/v3_0/feature/${enc(connId)}?subject=${enc(s)}`);
const cache = bound.services.dataCache;
console.log(
  `  decoded-data cache at its bound (${CACHE_MB} MB): ${(cache.size / 2 ** 20).toFixed(1)} MB in ${cache.count} entries after ${Object.keys(members).length} subject matrices; RSS +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB`,
);
host.stop(true);

/**
 * `bun bench/feature-images.ts`: `/feature/Image` for BigBrain (151 images whose boxes come from their
 * neuroglancer `info` + `transform.json`), cold (every box fetched from a local data host) and warm
 * (boxes in the decoded-data cache; response cache bypassed), against `/v3_0/atlases` in the same app.
 */
import { createApp } from "../src/app.ts";
import { composeServices } from "../src/compose.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { parseEnv } from "../src/env.ts";
import { parseRemapRules } from "../src/lib/remote.ts";
import { createIdsOnlyDatasetService } from "../src/datasets/index.ts";

const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
const VOCAB = process.env.SIIBRA_USE_VOCABULARIES ?? "../shared/siibra-vocabularies";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const info = JSON.stringify({
  type: "image",
  data_type: "uint8",
  num_channels: 1,
  scales: [
    {
      key: "1",
      size: [100, 100, 10],
      resolution: [2e5, 2e5, 2e5],
      voxel_offset: [0, 0, 0],
      chunk_sizes: [[64, 64, 64]],
      encoding: "raw",
    },
  ],
});
const transform = JSON.stringify([
  [1, 0, 0, -1e7],
  [0, 1, 0, -1e7],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
]);
let fetches = 0;
const host = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    fetches++;
    const path = new URL(req.url).pathname;
    if (path.endsWith("/info")) return new Response(info);
    if (path.endsWith("/transform.json")) return new Response(transform);
    return new Response("not found", { status: 404 });
  },
});
const origin = `http://127.0.0.1:${host.port}`;

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function appWithFreshCaches() {
  const env = parseEnv({
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
    SIIBRA_API_REMAP_PROVIDERS: [
      `https://1um.brainatlas.eu/::${origin}/1um/`,
      `https://neuroglancer.humanbrainproject.eu/::${origin}/ngh/`,
    ].join("\n"),
  });
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({ env, files, remap, datasets: createIdsOnlyDatasetService() });
  return { app: createApp(services), services };
}

async function time(app: { request: (p: string) => Response | Promise<Response> }, path: string) {
  const t0 = performance.now();
  const res = await app.request(path);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

const files = await loadConfigDir(CONFIG, VOCAB);
const LIST = "/v3_0/feature/Image?space_id=bigbrain&size=100";
const cold: number[] = [];
const warm: number[] = [];
const base: number[] = [];
let cacheBytes = 0;
for (let i = 0; i < ROUNDS; i++) {
  const { app, services } = await appWithFreshCaches();
  await time(app, "/v3_0/atlases");
  await time(app, `/v3_0/feature/Image?space_id=marmoset`); // builds the image index
  cold.push(await time(app, LIST));
  for (let k = 0; k < 5; k++) warm.push(await time(app, LIST));
  for (let k = 0; k < 5; k++) base.push(await time(app, "/v3_0/atlases"));
  cacheBytes = services.dataCache.size;
}
host.stop(true);
const row = (name: string, xs: number[]) =>
  console.log(
    `  ${name.padEnd(46)} p50 ${percentile(xs, 0.5).toFixed(1).padStart(7)} ms  p95 ${percentile(xs, 0.95).toFixed(1).padStart(7)} ms`,
  );
console.log(`/feature/Image?space_id=bigbrain (${ROUNDS} fresh apps; ${fetches} requests to the local data host):`);
row("cold (boxes fetched: info + transform.json)", cold);
row("warm (boxes from the decoded-data cache)", warm);
row("/v3_0/atlases in the same app (baseline)", base);
console.log(`  warm / baseline p50 ratio ${(percentile(warm, 0.5) / percentile(base, 0.5)).toFixed(1)}`);
console.log(`  decoded-data cache after one BigBrain list: ${cacheBytes} bytes`);

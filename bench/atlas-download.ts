import { load } from "./load.ts";
import { startProcess } from "./process.ts";

/**
 * `bun bench/atlas-download.ts`: the atlas-download task in role `all` and role `server` (1 worker,
 * local QStash and Redis). A local host plays the neuroglancer host and serves fsaverage's six gii
 * meshes (`BENCH_MESH_MB` each, default 5), so a bundle carries real bytes: measured are the time from
 * the first call to a downloaded zip, and polls per second against a static-JSON route (ratio).
 */
const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MESH_BYTES = Number(process.env.BENCH_MESH_MB ?? 5) * 1024 * 1024;
const FSAVERAGE = encodeURIComponent("minds/core/referencespace/v1.0.0/tmp-fsaverage");

// Incompressible-ish bytes, like real meshes: stored, not deflated, in the zip.
const mesh = new Uint8Array(MESH_BYTES);
crypto.getRandomValues(mesh.subarray(0, 65536));
for (let i = 65536; i < mesh.length; i += 65536) mesh.copyWithin(i, 0, 65536);
const host = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req) =>
    new URL(req.url).pathname.endsWith(".gii") ? new Response(mesh) : new Response("no", { status: 404 }),
});
const env = {
  SIIBRA_USE_CONFIGURATION: CONFIG,
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_REMAP_PROVIDERS: [
    `https://neuroglancer.humanbrainproject.eu::http://127.0.0.1:${host.port}`,
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9",
  ].join("\n"),
};

async function bundle(base: string) {
  const t0 = performance.now();
  const { task_id } = (await (await fetch(`${base}/v3_0/atlas_download?space_id=${FSAVERAGE}`)).json()) as {
    task_id: string;
  };
  const tStart = performance.now() - t0;
  for (;;) {
    const { status } = (await (await fetch(`${base}/v3_0/atlas_download/${task_id}`)).json()) as { status: string };
    if (status === "SUCCESS") break;
    await Bun.sleep(20);
  }
  const tReady = performance.now() - t0;
  const zip = await (await fetch(`${base}/v3_0/atlas_download/${task_id}/download`)).arrayBuffer();
  return { task_id, tStart, tReady, tDone: performance.now() - t0, mb: zip.byteLength / 1024 / 1024 };
}

console.log(`atlas download, fsaverage with 6 meshes of ${(MESH_BYTES / 1024 / 1024).toFixed(0)} MB each:`);
for (const [shape, args] of [
  ["role all", ["bench/static-server.ts"]],
  ["role server, 1 worker", ["dev/stack/cli.ts", "--workers", "1"]],
] as const) {
  const server = await startProcess([...args], { ...env, BENCH_STATIC_OF: "/v3_0/atlases" });
  try {
    await bundle(server.url); // warm-up: configuration, first fetches
    const b = await bundle(server.url);
    console.log(
      `  ${shape.padEnd(22)} first answer ${b.tStart.toFixed(1)} ms, zip ready ${b.tReady.toFixed(0)} ms, downloaded ${b.tDone.toFixed(0)} ms (${b.mb.toFixed(1)} MB)`,
    );
    const poll = `${server.url}/v3_0/atlas_download/${b.task_id}`;
    const urls = shape === "role all" ? [`${server.url}/bench/static`, poll] : [poll];
    for (const url of urls) await load([url], { concurrency: CONCURRENCY, seconds: 0.5 });
    const rows = [];
    for (const url of urls) rows.push(await load([url], { concurrency: CONCURRENCY, seconds: SECONDS }));
    const polls = rows.at(-1) as (typeof rows)[number];
    const ratio = rows.length > 1 ? `  ratio to static JSON ${(polls.rps / rows[0].rps).toFixed(2)}` : "";
    console.log(
      `  ${"".padEnd(22)} polls ${polls.rps.toFixed(0)} req/s, p50 ${polls.p50.toFixed(2)} ms, p95 ${polls.p95.toFixed(2)} ms, errors ${polls.errors}${ratio}`,
    );
  } finally {
    await server.stop();
  }
}
host.stop(true);

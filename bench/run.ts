import { load } from "./load.ts";
import { coldStart, startProcess } from "./process.ts";

/**
 * `bun run bench`: start-up and throughput of the all-in-one service, printed as ratios against a
 * baseline measured in the same run (a static-JSON Hono route in the same process).
 */
const CONFIG = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const env = {
  SIIBRA_USE_CONFIGURATION: CONFIG,
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_REMAP_PROVIDERS: "https://data-proxy.ebrains.eu::http://127.0.0.1:9",
};

// `npm run bench -- --shapes`: only the session mix against role all and role server (the transport).
const shapesOnly = process.argv.includes("--shapes");
// `npm run bench -- --volumes`: only the volume routes.
const volumesOnly = process.argv.includes("--volumes");

const featuresOnly = process.argv.includes("--features");
if (featuresOnly) {
  await import("./feature-detail.ts");
  process.exit(0);
}

if (!shapesOnly && !volumesOnly) await startupAndThroughput();
if (!shapesOnly) {
  const { benchVolumes } = await import("./volumes.ts");
  await benchVolumes(env, { seconds: SECONDS, concurrency: CONCURRENCY });
}
if (volumesOnly) process.exit(0);

async function startupAndThroughput() {
  const cold = await coldStart(["src/index.ts"], env, "/v3_0/atlases");
  console.log(`cold start (spawn → first 200 /v3_0/atlases): ${cold.ms.toFixed(0)} ms   (target < 500 ms)`);
  console.log(`resident memory after start: ${cold.rssMb.toFixed(0)} MB   (target < 200 MB)`);

  const regionsPage = `/v3_0/regions?parcellation_id=${encodeURIComponent(JBA31)}`;
  const server = await startProcess(["bench/static-server.ts"], { ...env, BENCH_STATIC_OF: regionsPage });
  try {
    const base = server.url;
    const named = ["Area 44 (IFG)", "Area hOc1 (V1, 17, CalcS) left", "hoc1 left", "Area TE 3 (STG) right"].map(
      (n) => `${base}/v3_0/regions/${encodeURIComponent(n)}?parcellation_id=${encodeURIComponent(JBA31)}`,
    );
    // `cache-control: no-cache` skips the response-cache read (upstream's rule): the route's own work.
    const uncached = { "cache-control": "no-cache" };
    const routes: [string, string[], Record<string, string>?][] = [
      ["static JSON (baseline)", [`${base}/bench/static`]],
      ["/v3_0/regions?parcellation_id=<JBA 3.1>", [`${base}${regionsPage}`]],
      ["/v3_0/regions/{name}?parcellation_id=<JBA 3.1>", named],
      ["  same, uncached (cache-control: no-cache)", [`${base}${regionsPage}`], uncached],
      ["  /regions/{name}, uncached", named, uncached],
    ];
    const results = [];
    for (const [name, urls, headers] of routes) {
      await load(urls, { concurrency: CONCURRENCY, seconds: 0.5, headers });
      results.push({ name, ...(await load(urls, { concurrency: CONCURRENCY, seconds: SECONDS, headers })) });
    }
    const baseline = results[0].rps;
    console.log(
      `\nthroughput, ${CONCURRENCY} concurrent clients, ${SECONDS}s each (default in-memory response cache):`,
    );
    for (const r of results) {
      console.log(
        `  ${r.name.padEnd(50)} ${r.rps.toFixed(0).padStart(7)} req/s  ratio ${(r.rps / baseline).toFixed(2)}  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  errors ${r.errors}`,
      );
    }
    console.log("  (target: ratio ≥ 0.5 for both regions routes)");
    const { compareConditional, printConditional } = await import("./conditional.ts");
    const opts = { concurrency: CONCURRENCY, seconds: SECONDS };
    printConditional(
      await compareConditional(`${base}${regionsPage}`, opts),
      "/v3_0/regions?parcellation_id=<JBA 3.1>",
    );
    const mapPath = `/v3_0/map?parcellation_id=${encodeURIComponent(JBA31)}&space_id=${encodeURIComponent(MNI152)}&map_type=LABELLED`;
    printConditional(await compareConditional(`${base}${mapPath}`, opts), "/v3_0/map (LABELLED, JBA 3.1, MNI152)");
  } finally {
    await server.stop();
  }
}

const { compareShapes } = await import("./shapes.ts");
const rows = await compareShapes(env, { seconds: SECONDS, concurrency: CONCURRENCY });
console.log(`\ncore session mix (${CONCURRENCY} concurrent clients, ${SECONDS}s, response cache off), side by side:`);
console.log(
  `  ${"shape".padEnd(26)} ${"req/s".padStart(8)} ${"weighted/s".padStart(11)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"w.mean ms".padStart(10)} ${"ratio".padStart(6)}  errors`,
);
for (const r of rows) {
  console.log(
    `  ${r.shape.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} ${r.weightedRps.toFixed(0).padStart(11)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)} ${r.weightedMeanMs.toFixed(2).padStart(10)} ${(r.rps / rows[0].rps).toFixed(2).padStart(6)}  ${r.errors}`,
  );
}

// `npm run bench -- --features`: only the feature detail benchmark (also part of the full run).
if (!shapesOnly) await import("./feature-detail.ts");

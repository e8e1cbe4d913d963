/**
 * Volume routes against the fixture data host (bench/fixture-host/: synthetic Julich-Brain 3.1 files at
 * the configuration's URLs, remapped; the labelled map at its real MNI152 size, the 414 probability
 * maps of the 207-area map on a 2 mm grid). Measures cold first assignments, warm points/s, time to
 * first byte of labelled_map.nii.gz and the peak RSS of the server process.
 */
import { startDataHost } from "./fixture-host/index.ts";
import { load } from "./load.ts";
import { rssMb, startProcess } from "./process.ts";
import { AtlasStore } from "../src/atlas/store.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { ByteLru } from "../src/lib/byte-lru.ts";
import { createRemoteFetcher, parseRemapRules } from "../src/lib/remote.ts";
import { assignPoint } from "../src/volumes/index.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

function randomPoints(count: number): string[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () =>
    [-80 + 160 * rnd(), -110 + 200 * rnd(), -55 + 140 * rnd()].map((v) => `${v.toFixed(3)}mm`).join(","),
  );
}

export async function benchVolumes(env: Record<string, string>, opts: { seconds: number; concurrency: number }) {
  const host = await startDataHost(env.SIIBRA_USE_CONFIGURATION);
  const server = await startProcess(["src/index.ts"], { ...env, SIIBRA_API_REMAP_PROVIDERS: host.remap });
  const q = encodeURIComponent;
  const base = `${server.url}/v3_0/map`;
  const params = `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`;
  const noCache = { "cache-control": "no-cache" };
  const timed = async (url: string) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: noCache });
    const ttfb = performance.now() - t0;
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ms: performance.now() - t0, ttfb, status: res.status, bytes };
  };
  try {
    const points = randomPoints(500);
    const labelled = points.map((p) => `${base}/assign?${params}&assignment_type=labelled&point=${q(p)}`);
    const statistical = points.map((p) => `${base}/assign?${params}&point=${q(p)}`);
    const coldL = await timed(labelled[0]);
    const coldS = await timed(statistical[0]);
    console.log("\nvolume routes (synthetic JBA 3.1 / MNI152 files on a local host):");
    console.log(
      `  first labelled assignment after start (2 × 8.5 M-voxel files fetched + decoded): ${coldL.ms.toFixed(0)} ms`,
    );
    console.log(
      `  first statistical assignment (414 probability maps fetched, cropped, indexed): ${coldS.ms.toFixed(0)} ms`,
    );
    for (const [name, urls, target] of [
      ["labelled", labelled, 10_000],
      ["statistical (414 maps)", statistical, 1_000],
    ] as const) {
      await load([...urls], { concurrency: opts.concurrency, seconds: 0.5, headers: noCache });
      const r = await load([...urls], { concurrency: opts.concurrency, seconds: opts.seconds, headers: noCache });
      console.log(
        `  /map/assign ${name.padEnd(24)} ${r.rps.toFixed(0).padStart(6)} points/s warm  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  errors ${r.errors}  (target ≥ ${target})`,
      );
    }
    const file = await timed(`${base}/labelled_map.nii.gz?${params}`);
    const again = await timed(`${base}/labelled_map.nii.gz?${params}`);
    console.log(
      `  labelled_map.nii.gz (merged hemispheres, ${(file.bytes / 1e6).toFixed(1)} MB gz): time to first byte ${file.ttfb.toFixed(0)} ms (repeat ${again.ttfb.toFixed(0)} ms)`,
    );
    const mask = await timed(`${base}/labelled_map.nii.gz?${params}&region_id=${q("Area 44 (IFG)")}`);
    const centroid = await timed(`${server.url}/v3_0/regions/${q("Area 44 (IFG) left")}?${params}`);
    const stat = await timed(`${base}/statistical_map.nii.gz?${params}&region_id=${q("Area 44 (IFG) left")}`);
    const template = await timed(`${base}/resampled_template?${params}`);
    console.log(
      `  region mask ${mask.ms.toFixed(0)} ms, bestViewPoint ${centroid.ms.toFixed(0)} ms, statistical_map.nii.gz ${stat.ms.toFixed(0)} ms, resampled_template ${template.ms.toFixed(0)} ms (status ${template.status})`,
    );
    console.log(
      `  peak RSS of the server after all volume routes (VmHWM): ${rssMb(server.pid, "VmHWM").toFixed(0)} MB`,
    );
    await inProcess(env.SIIBRA_USE_CONFIGURATION, host.remap, points, opts.seconds);
  } finally {
    await server.stop();
    host.stop();
  }
}

/** The assignment itself, without HTTP and the job layer: what one core does per point. */
async function inProcess(config: string, remapRules: string, points: string[], seconds: number) {
  const files = await loadConfigDir(config, process.env.SIIBRA_USE_VOCABULARIES ?? `${config}/../siibra-vocabularies`);
  const remap = parseRemapRules(remapRules);
  const ctx = {
    store: new AtlasStore(files),
    fetcher: createRemoteFetcher({ remap }),
    dataCache: new ByteLru(1024 ** 3),
  };
  for (const assignmentType of ["labelled", "statistical"]) {
    const q = { parcellationId: JBA31, spaceId: MNI152, assignmentType };
    await assignPoint(ctx, { ...q, point: points[0] });
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000)
      await assignPoint(ctx, { ...q, point: points[n++ % points.length] });
    const rate = n / ((performance.now() - t0) / 1000);
    console.log(
      `  in process, one core: ${assignmentType.padEnd(11)} ${rate.toFixed(0).padStart(8)} points/s (assignPoint, no HTTP)`,
    );
  }
}

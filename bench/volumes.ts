/**
 * Volume routes against a local data host serving synthetic Julich-Brain 3.1 files at the
 * configuration's URLs (remapped): the labelled map at its real MNI152 size (2 × 193×229×193 int16),
 * and the 414 probability maps of the 207-area map on a 2 mm grid (97×115×97 float32, a blob per
 * region) to keep the generation short. Measures cold first assignments, warm points/s, time to
 * first byte of labelled_map.nii.gz and the peak RSS of the server process.
 */
import { zipSync } from "fflate";
import { load } from "./load.ts";
import { rssMb, startProcess } from "./process.ts";
import { AtlasStore } from "../src/atlas/store.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { ByteLru } from "../src/lib/byte-lru.ts";
import { createRemoteFetcher, parseRemapRules } from "../src/lib/remote.ts";
import { assignPoint } from "../src/volumes/index.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const DATA_PROXY = "https://data-proxy.ebrains.eu/";
const BIC = "http://www.bic.mni.mcgill.ca/";

type MapDoc = {
  volumes: { providers: Record<string, string | Record<string, string>> }[];
  indices: Record<string, { volume?: number; label?: number; fragment?: string }[]>;
};

function niftiRaw(dims: number[], datatype: number, data: ArrayBufferView, srow: number[]): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(352);
  const view = new DataView(header.buffer);
  view.setInt32(0, 348, true);
  view.setInt16(40, 3, true);
  dims.forEach((n, d) => {
    view.setInt16(42 + d * 2, n, true);
  });
  view.setInt16(70, datatype, true);
  view.setInt16(72, datatype === 4 ? 16 : 32, true);
  view.setFloat32(108, 352, true);
  view.setInt16(254, 1, true);
  srow.forEach((v, i) => {
    view.setFloat32(280 + i * 4, v, true);
  });
  header.set([0x6e, 0x2b, 0x31, 0], 344);
  const out = new Uint8Array(352 + data.byteLength);
  out.set(header);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 352);
  return out;
}

function nifti(dims: number[], datatype: number, data: ArrayBufferView, srow: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Bun.gzipSync(niftiRaw(dims, datatype, data, srow), { level: 1 }));
}

async function fixtureFiles(config: string): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const labelled = (await Bun.file(`${config}/maps/mni152-jba31-labelled.json`).json()) as MapDoc;
  const statistical = (await Bun.file(`${config}/maps/mni152-jba31_207-continuous.json`).json()) as MapDoc;
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  const path = (url: string) => url.replace(DATA_PROXY, "/");
  // Labelled: per hemisphere, 12 mm cubes cycling through that hemisphere's labels.
  const dims = [193, 229, 193];
  const srow = [1, 0, 0, -96, 0, 1, 0, -132, 0, 0, 1, -78];
  const nii = labelled.volumes[0].providers.nii as Record<string, string>;
  for (const [fragment, url] of Object.entries(nii)) {
    const labels = [
      ...new Set(
        Object.values(labelled.indices)
          .flat()
          .filter((e) => e.fragment === fragment)
          .map((e) => e.label as number),
      ),
    ];
    const left = fragment.startsWith("left");
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 20; k < 170; k++) {
      for (let j = 20; j < 210; j++) {
        for (let i = left ? 10 : 97; i < (left ? 96 : 183); i++) {
          const cube = Math.floor(i / 12) + 17 * Math.floor(j / 12) + 31 * Math.floor(k / 12);
          data[i + dims[0] * (j + dims[1] * k)] = labels[cube % labels.length];
        }
      }
    }
    files.set(path(url), nifti(dims, 4, data, srow));
  }
  // Template (zip/nii at the MNI host): the same grid, a smooth float32 volume.
  const t1 = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, n) => (n % 193) + ((n / 193) % 229));
  const zipped = zipSync({ "mni_icbm152_t1_tal_nlin_asym_09c.nii": niftiRaw(dims, 16, t1, srow) }, { level: 1 });
  files.set("/bic/~vfonov/icbm/2009/mni_icbm152_nlin_asym_09c_nifti.zip", new Uint8Array(zipped));
  // Statistical: one 10-voxel blob per region on a 2 mm grid.
  const sdims = [97, 115, 97];
  const ssrow = [2, 0, 0, -96, 0, 2, 0, -132, 0, 0, 2, -78];
  let n = 0;
  for (const entries of Object.values(statistical.indices)) {
    const volume = statistical.volumes[entries[0].volume ?? 0];
    const data = new Float32Array(sdims[0] * sdims[1] * sdims[2]);
    const [ci, cj, ck] = [10 + ((n * 7) % 75), 10 + ((n * 13) % 90), 10 + ((n * 5) % 75)];
    for (let k = ck; k < ck + 10; k++) {
      for (let j = cj; j < cj + 10; j++) {
        for (let i = ci; i < ci + 10; i++) data[i + sdims[0] * (j + sdims[1] * k)] = 0.1 + ((i + j + k) % 9) / 10;
      }
    }
    files.set(path(volume.providers.nii as string), nifti(sdims, 16, data, ssrow));
    n++;
  }
  return files;
}

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
  const files = await fixtureFiles(env.SIIBRA_USE_CONFIGURATION);
  const host = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const body = files.get(new URL(req.url).pathname);
      return body ? new Response(body) : new Response("not found", { status: 404 });
    },
  });
  const server = await startProcess(["src/index.ts"], {
    ...env,
    SIIBRA_API_REMAP_PROVIDERS: `${DATA_PROXY}::http://127.0.0.1:${host.port}/\n${BIC}::http://127.0.0.1:${host.port}/bic/`,
  });
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
    await inProcess(env.SIIBRA_USE_CONFIGURATION, `http://127.0.0.1:${host.port}/`, points, opts.seconds);
  } finally {
    await server.stop();
    host.stop(true);
  }
}

/** The assignment itself, without HTTP and the job layer: what one core does per point. */
async function inProcess(config: string, origin: string, points: string[], seconds: number) {
  const files = await loadConfigDir(config, process.env.SIIBRA_USE_VOCABULARIES ?? `${config}/../siibra-vocabularies`);
  const remap = parseRemapRules(`${DATA_PROXY}::${origin}`);
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

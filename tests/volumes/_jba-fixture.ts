/**
 * Synthetic Julich-Brain 3.1 data in MNI152 at the configuration's own URLs: the two hemisphere
 * files of the labelled map, the 414 probability maps of the 207-area statistical map and the
 * MNI152 template zip, all on one small grid (10×12×8 voxels of 2 mm), served by a local host that
 * the app reaches through `SIIBRA_API_REMAP_PROVIDERS`. Values are chosen here; tests derive every
 * expectation from these arrays.
 */
import { zipSync } from "fflate";
import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { parseEnv } from "../../src/env.ts";
import { createRemoteFetcher, parseRemapRules } from "../../src/lib/remote.ts";
import { CONFIG_DIR, OFFLINE_KG, configFiles } from "../_support/app.ts";
import { at, niftiBytes, niftiGz } from "../_support/nifti-fixture.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";

export const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
export const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
export const DIMS: [number, number, number] = [10, 12, 8];
/** mm = 2 · voxel + (-10, -12, -8) */
export const SROW = [2, 0, 0, -10, 0, 2, 0, -12, 0, 0, 2, -8];
export const mm = (i: number, j: number, k: number): [number, number, number] => [2 * i - 10, 2 * j - 12, 2 * k - 8];
export const N = DIMS[0] * DIMS[1] * DIMS[2];

const DATA_PROXY = "https://data-proxy.ebrains.eu/";
const BIC = "http://www.bic.mni.mcgill.ca/";

type MapDoc = {
  volumes: { providers: Record<string, string | Record<string, string>> }[];
  indices: Record<string, { volume?: number }[]>;
};

async function mapDoc(name: string): Promise<MapDoc> {
  return (await Bun.file(`${CONFIG_DIR}/maps/${name}.json`).json()) as MapDoc;
}

const path = (url: string) => url.replace(DATA_PROXY, "/dp/").replace(BIC, "/bic/");

export type JbaData = {
  left: Int16Array;
  right: Int16Array;
  /** Probability maps by configured region key (e.g. `Area 44 (IFG) - left hemisphere`). */
  probabilities: Map<string, Float32Array>;
  template: Float32Array;
  statisticalUrl(key: string): string;
};

/** The default data; tests override single files through `routes`. */
export async function jbaData(): Promise<{ data: JbaData; routes: Record<string, Route> }> {
  const labelled = await mapDoc("mni152-jba31-labelled");
  const statistical = await mapDoc("mni152-jba31_207-continuous");
  const nii = labelled.volumes[0].providers.nii as Record<string, string>;

  const left = new Int16Array(N);
  const right = new Int16Array(N);
  // Area 44 left (label 59): a 2×2×2 block and one isolated voxel.
  for (const i of [1, 2]) for (const j of [1, 2]) for (const k of [1, 2]) left[at(DIMS, i, j, k)] = 59;
  left[at(DIMS, 5, 8, 6)] = 59;
  // Area 45 left (label 155): two voxels; the second is overwritten by the right file when merged.
  left[at(DIMS, 3, 5, 2)] = 155;
  left[at(DIMS, 4, 5, 2)] = 155;
  // Area 44 right (label 59 in the right file): four voxels, plus the conflicting voxel.
  for (const i of [7, 8]) for (const j of [2, 3]) right[at(DIMS, i, j, 3)] = 59;
  right[at(DIMS, 4, 5, 2)] = 59;

  const probabilities = new Map<string, Float32Array>();
  const p44 = new Float32Array(N);
  p44[at(DIMS, 1, 1, 1)] = 0.25;
  p44[at(DIMS, 2, 2, 2)] = 0.75;
  p44[at(DIMS, 3, 5, 2)] = 0.5;
  const p45 = new Float32Array(N);
  p45[at(DIMS, 3, 5, 2)] = 0.625;
  p45[at(DIMS, 4, 5, 2)] = 0.125;
  p45[at(DIMS, 0, 0, 0)] = Number.NaN;
  p45[at(DIMS, 9, 11, 7)] = Number.POSITIVE_INFINITY;
  probabilities.set("Area 44 (IFG) - left hemisphere", p44);
  probabilities.set("Area 45 (IFG) - left hemisphere", p45);

  const template = new Float32Array(N).map((_, n) => (n % 97) + 0.5);

  const routes: Record<string, Route> = {
    [path(nii["left hemisphere"])]: { body: niftiGz({ dims: DIMS, datatype: 4, values: left, srow: SROW }) },
    [path(nii["right hemisphere"])]: { body: niftiGz({ dims: DIMS, datatype: 4, values: right, srow: SROW }) },
  };
  const zero = niftiGz({ dims: DIMS, datatype: 16, values: new Float32Array(N), srow: SROW });
  const statisticalUrl = (key: string) => {
    const volume = statistical.indices[key][0].volume ?? 0;
    return statistical.volumes[volume].providers.nii as string;
  };
  for (const key of Object.keys(statistical.indices)) {
    const values = probabilities.get(key);
    routes[path(statisticalUrl(key))] = {
      body: values ? niftiGz({ dims: DIMS, datatype: 16, values, srow: SROW }) : zero,
    };
  }
  const templateNii = niftiBytes({ dims: DIMS, datatype: 16, values: template, srow: SROW });
  routes["/bic/~vfonov/icbm/2009/mni_icbm152_nlin_asym_09c_nifti.zip"] = {
    body: new Uint8Array(zipSync({ "mni_icbm152_t1_tal_nlin_asym_09c.nii": templateNii })),
  };
  return { data: { left, right, probabilities, template, statisticalUrl }, routes };
}

export function fixturePath(url: string): string {
  return path(url);
}

/** An app on the real configuration whose data hosts are the fixture. */
export async function volumeApp(fixture: Fixture | { origin: string }) {
  const vars = {
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: `${DATA_PROXY}::${fixture.origin}/dp/\n${BIC}::${fixture.origin}/bic/`,
  };
  const env = parseEnv(vars);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({
    env,
    files: await configFiles(),
    fetcher: createRemoteFetcher({ remap, timeoutMs: 3000 }),
    remap,
    datasets: createIdsOnlyDatasetService(),
    kg: OFFLINE_KG,
  });
  return createApp(services);
}

export async function serveJba(overrides: Record<string, Route> = {}) {
  const { data, routes } = await jbaData();
  const fixture = serveFixture({ ...routes, ...overrides });
  return { data, fixture, app: await volumeApp(fixture) };
}

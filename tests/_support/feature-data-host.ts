/**
 * A local data host for feature tests: synthetic files in the real formats (receptor TSVs, cell
 * segment tables, layer boundary JSON, zipped CSV matrices) served by Bun.serve at the configuration's
 * URL paths, and an app whose remap rules point the data proxy at it.
 */
import { zipSync, strToU8 } from "fflate";
import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { parseEnv } from "../../src/env.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { configFiles, OFFLINE_KG } from "./app.ts";

// The file formats are written once, for the benchmark's fixture host; tests build their own values with them.
export { fingerprintTsv, layerinfoTxt, segmentsTxt } from "../../bench/fixture-host/features.ts";
import type { Route } from "../remote/fixture-server.ts";

export const DATA_PROXY = "https://data-proxy.ebrains.eu/";
export const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
export const AREA44L = "Area 44 (IFG) left";

export type Json = Record<string, unknown>;

/** The configuration document at `path` (features/...). */
export async function doc(path: string): Promise<Json> {
  const files = await configFiles();
  const hit = files.files.find(([p]) => p === path);
  if (!hit) throw new Error(`no configuration file ${path}`);
  return hit[1] as Json;
}

/** The path of a URL on the data proxy, as the fixture host serves it. */
export const proxyPath = (url: string) => `/${url.slice(DATA_PROXY.length)}`;

export async function dataApp(origin: string, extraEnv: Record<string, string> = {}) {
  const vars = {
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
    SIIBRA_API_REMAP_PROVIDERS: `${DATA_PROXY}::${origin}/`,
    SIIBRA_API_REMOTE_TIMEOUT_MS: "2000",
    ...extraEnv,
  };
  const env = parseEnv(vars);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  // The composed (hardened) fetcher: allow-list from the configuration and the remap, budgets from env.
  const services = composeServices({
    env,
    files: await configFiles(),
    remap,
    datasets: createIdsOnlyDatasetService(),
    kg: OFFLINE_KG,
  });
  return { app: createApp(services), services };
}

/** A receptor profile: depth in percent, value, unit (value second-to-last, unit last). */
export function profileTsv(values: number[], unit = "fmol/mg"): string {
  return `depth\tdensity\tunit\n${values.map((v, i) => `${i}\t${v}\t${unit}`).join("\n")}\n`;
}

/** A zip of text members. */
export function zipOf(members: Record<string, string>): Uint8Array<ArrayBuffer> {
  const entries = Object.fromEntries(Object.entries(members).map(([k, v]) => [k, strToU8(v)]));
  return new Uint8Array(zipSync(entries, { level: 1 }));
}

/** A square matrix as the connectivity CSVs (no header, comma-separated). */
export function matrixCsv(n: number, value: (i: number, j: number) => number, sep = ","): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(Array.from({ length: n }, (_, j) => String(value(i, j))).join(sep));
  return `${lines.join("\n")}\n`;
}

export type Routes = Record<string, Route>;

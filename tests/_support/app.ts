import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { loadConfigDir } from "../../src/config/load-dir.ts";
import { parseEnv } from "../../src/env.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { RouteTable } from "../../src/http/request/route-table.ts";
import type { ConfigFiles } from "../../src/config/files.ts";
import type { DatasetResolver } from "../../src/datasets/types.ts";
import type { KgDocuments } from "../../src/atlas/related.ts";
import { NO_MESH_FRAGMENTS } from "../../src/atlas/mesh-fragments.ts";
import type { MeshFragments } from "../../src/atlas/mesh-fragments.ts";

/** Tests and CI read the shared configuration beside the project unless told otherwise. */
export const CONFIG_DIR =
  process.env.SIIBRA_USE_CONFIGURATION ?? `${import.meta.dir}/../../../shared/siibra-configurations`;
export const VOCAB_DIR =
  process.env.SIIBRA_USE_VOCABULARIES ?? `${import.meta.dir}/../../../shared/siibra-vocabularies`;
export const GOLDEN_DIR = `${import.meta.dir}/../../../shared/golden`;

let files: Promise<ConfigFiles> | null = null;

/** The configuration is parsed once per test process; the store built from it is immutable. */
export function configFiles(): Promise<ConfigFiles> {
  files ??= loadConfigDir(CONFIG_DIR, VOCAB_DIR);
  return files;
}

export async function golden<T = unknown>(path: string): Promise<T> {
  return (await Bun.file(`${GOLDEN_DIR}/${path}`).json()) as T;
}

/** An in-process app on the real configuration; datasets ids-only unless a resolver is given. */
/** A knowledge graph that is never reachable (the default for in-process tests). */
export const OFFLINE_KG: KgDocuments = { get: async () => null };

export async function testApp(
  opts: {
    /** `"remote"`: the service's own dataset resolver, reading the (remapped) knowledge graph. */
    datasets?: DatasetResolver | "remote";
    /** `"remote"`: the service's own knowledge-graph documents (region relations), as remapped. */
    kg?: KgDocuments | "remote";
    /** `"remote"`: read mesh fragments from the (remapped) neuroglancer host, as the service does. */
    meshes?: MeshFragments | "remote";
    env?: Record<string, string>;
  } = {},
) {
  const env = parseEnv({ SIIBRA_API_LOG: "silent", ...opts.env });
  const services = composeServices({
    env,
    files: await configFiles(),
    remap: parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS),
    datasets: opts.datasets === "remote" ? undefined : (opts.datasets ?? createIdsOnlyDatasetService()),
    kg: opts.kg === "remote" ? undefined : (opts.kg ?? OFFLINE_KG),
    // Offline as a steady state, like the ids-only datasets: no mesh host, nothing that could heal.
    meshes: opts.meshes === "remote" ? undefined : (opts.meshes ?? NO_MESH_FRAGMENTS),
  });
  // The app's route table, for tests that classify requests as the app does (or serve through the edge cache).
  const routes = new RouteTable();
  return { app: createApp(services, routes), services, routes };
}

/** GET through the app; returns status, parsed JSON and headers. */
export async function getJson(app: { request: (p: string) => Response | Promise<Response> }, path: string) {
  const res = await app.request(path);
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, text, headers: res.headers };
}

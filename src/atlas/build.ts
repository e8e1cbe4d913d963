import { createKey, speciesName } from "./names.ts";
import { buildParcellation } from "./build-parcellation.ts";
import { buildMap } from "./build-map.ts";
import { datasetRefs, reqStr, str, volumeFrom } from "./config-json.ts";
import type { Json } from "./config-json.ts";
import type { ConfigFiles } from "../config/files.ts";
import type { Atlas, Parcellation, ParcellationMap, Space } from "./model.ts";

/**
 * A registry keyed by concept key: a later object with the same key replaces the earlier one in
 * place (Python dict semantics), which is how the continuous marmoset map disappears.
 */
function registry<T extends { key: string }>(items: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(item.key, item);
  return [...byKey.values()];
}

function folderDocs(files: ConfigFiles, folder: string): [string, Json][] {
  return files.files.filter(([p]) => p.startsWith(`${folder}/`)) as [string, Json][];
}

function buildAtlas(doc: Json, path: string): Atlas {
  const name = reqStr(doc, "name", path);
  return {
    id: reqStr(doc, "@id", path),
    name,
    key: createKey(name),
    species: speciesName(reqStr(doc, "species", path)),
    spaceIds: (doc.spaces ?? []) as string[],
    parcellationIds: (doc.parcellations ?? []) as string[],
  };
}

function buildSpace(doc: Json, path: string): Space {
  const id = reqStr(doc, "@id", path);
  const name = reqStr(doc, "name", path);
  const volumes = Array.isArray(doc.volumes) ? (doc.volumes as Json[]) : [];
  return {
    id,
    name,
    key: createKey(name),
    shortName: str(doc, "shortName") ?? "",
    species: speciesName(reqStr(doc, "species", path)),
    modality: str(doc, "modality"),
    description: str(doc, "description") ?? "",
    // siibra 0.4 names every template volume after its space; variants differ by `variant` only.
    volumes: volumes.map((v) => volumeFrom(v, name, id)),
    datasets: datasetRefs(doc),
  };
}

export type AtlasRegistries = {
  atlases: Atlas[];
  spaces: Space[];
  parcellations: Parcellation[];
  /** Maps are built on first use: the cold-start path (`/atlases`) does not need them. */
  maps: () => ParcellationMap[];
};

export function buildRegistries(files: ConfigFiles): AtlasRegistries {
  const atlases = registry(folderDocs(files, "atlases").map(([p, d]) => buildAtlas(d, p)));
  const spaces = registry(folderDocs(files, "spaces").map(([p, d]) => buildSpace(d, p)));
  const parcellations = registry(folderDocs(files, "parcellations").map(([p, d]) => buildParcellation(d, p)));
  return { atlases, spaces, parcellations, maps: () => buildMaps(files, spaces) };
}

export function buildMaps(files: ConfigFiles, spaces: Space[]): ParcellationMap[] {
  const speciesOf = new Map(spaces.map((s) => [s.id, s.species]));
  return registry(folderDocs(files, "maps").map(([p, d]) => buildMap(d, p, (id) => speciesOf.get(id) ?? "")));
}

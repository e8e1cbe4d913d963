import { md5Hex } from "../lib/md5.ts";
import { clearName, createKey, speciesName } from "./names.ts";
import { datasetRefs, flattenEbrains, reqStr, str } from "./config-json.ts";
import type { Json } from "./config-json.ts";
import type { EbrainsRefs, Parcellation, ParcellationVersion, Region } from "./model.ts";

const WIRE_PREFIX = "https://openminds.ebrains.eu/instances/parcellationEntityVersion/";
/** siibra-api gives the superficial fibre bundles human-readable ids instead of md5 ones. */
const SWMA_KEY = "SUPERFICIAL_FIBRE_BUNDLES";

function versionFrom(raw: unknown): ParcellationVersion | null {
  if (!raw || typeof raw !== "object") return null;
  const v = raw as Json;
  return {
    name: str(v, "name"),
    prev: str(v, "@prev"),
    next: str(v, "@next"),
    collection: str(v, "collection"),
    deprecated: v.deprecated === true,
  };
}

function color(rgb: unknown): string | null {
  if (typeof rgb === "string") return rgb.toLowerCase();
  if (Array.isArray(rgb) && rgb.length === 3) {
    return `#${rgb.map((c) => Number(c).toString(16).padStart(2, "0")).join("")}`;
  }
  return null;
}

/**
 * Builds a parcellation; its region tree is built on first access to `root`/`regions`, so start-up
 * pays only for the registries (cold start budget), and each tree is built once.
 */
export function buildParcellation(doc: Json, path: string): Parcellation {
  const parcellation = parcellationHeader(doc, path);
  let tree: { root: Region; regions: Region[] } | null = null;
  const built = () => (tree ??= buildTree(parcellation, doc, path));
  Object.defineProperty(parcellation, "root", { get: () => built().root, enumerable: true });
  Object.defineProperty(parcellation, "regions", { get: () => built().regions, enumerable: true });
  return parcellation;
}

function parcellationHeader(doc: Json, path: string): Parcellation {
  const id = reqStr(doc, "@id", path);
  const prerelease = doc.prerelease === true;
  const name = (prerelease ? "[PRERELEASE] " : "") + clearName(reqStr(doc, "name", path));
  const parcellation = {
    id,
    name,
    key: createKey(name),
    shortName: str(doc, "shortName") ?? "",
    species: speciesName(reqStr(doc, "species", path)),
    // siibra's factory defaults a missing modality to "" while an explicit null stays null.
    modality: "modality" in doc ? str(doc, "modality") : "",
    description: str(doc, "description") ?? "",
    version: versionFrom(doc["@version"]),
    datasets: datasetRefs(doc),
  } as unknown as Parcellation;
  return parcellation;
}

/**
 * Names and keys cleaned once per process: the versions of a parcellation (17 trees on the first
 * visitor's chain) share most region names, and cleaning was over half of building a tree. Fed only
 * from the configuration, so bounded by it (request input goes through the uncached functions).
 */
const CLEARED = new Map<string, string>();
const KEYS = new Map<string, string>();

function clearedOf(raw: string): string {
  let name = CLEARED.get(raw);
  if (name === undefined) {
    name = clearName(raw);
    CLEARED.set(raw, name);
  }
  return name;
}

function keyOf(name: string): string {
  let key = KEYS.get(name);
  if (key === undefined) {
    key = createKey(name);
    KEYS.set(name, key);
  }
  return key;
}

/**
 * The region tree: names are cleaned, ids and md5 wire ids follow docs/upstream.md#names-keys-and-region-ids (the md5
 * input is id + parent name + Python tuple text of child names).
 */
function buildTree(parcellation: Parcellation, doc: Json, path: string): { root: Region; regions: Region[] } {
  const { id, name } = parcellation;
  const regions: Region[] = [];
  let order = 0;
  const make = (rname: string, parent: Region | null, ebrains: EbrainsRefs, rgb: unknown): Region => {
    const key = keyOf(rname);
    return {
      name: rname,
      key,
      id: parent ? `${id}_${key}` : id,
      wireId: "",
      parent,
      children: [],
      parcellation,
      depth: parent ? parent.depth + 1 : 0,
      order: order++,
      rgb: color(rgb),
      ebrainsValues: flattenEbrains(ebrains),
      ebrains,
    };
  };
  const root = make(name, null, (doc.ebrains ?? {}) as EbrainsRefs, doc.rgb);
  const walk = (specs: unknown, parent: Region) => {
    if (!Array.isArray(specs)) return;
    for (const spec of specs as Json[]) {
      const region = make(clearedOf(reqStr(spec, "name", path)), parent, (spec.ebrains ?? {}) as EbrainsRefs, spec.rgb);
      parent.children.push(region);
      regions.push(region);
      walk(spec.children, region);
    }
  };
  walk(doc.regions, root);

  const swma = parcellation.key === SWMA_KEY;
  for (const region of regions) {
    region.wireId = swma ? `${WIRE_PREFIX}SWMA_2018_${region.name}` : WIRE_PREFIX + md5Hex(wireIdInput(region));
  }
  return { root, regions };
}

/** The md5 input of a region's wire id (exported for tests against the golden md5 inputs). */
export function wireIdInput(region: Region): string {
  const names = region.children.map((c) => c.name);
  const tuple = names.length === 1 ? `(${names[0]},)` : `(${names.join(", ")})`;
  return region.id + (region.parent?.name ?? "None") + tuple;
}

/**
 * The configuration as the data layer consumes it: parsed JSON documents keyed by their path
 * relative to the configuration root (e.g. `maps/mni152-jba31-labelled.json`), plus the
 * vocabularies. Produced by reading a directory (Bun) or by the Worker build step (bundled).
 */
export type ConfigFiles = {
  /** `[relativePath, parsed JSON]`, byte-sorted by path: the registry order (docs/decisions.md#deterministic-order). */
  files: [string, unknown][];
  vocabularies: Vocabularies;
  /**
   * `julich_brain_terminolgy.json` (root of the configuration; siibra itself never loads it): parcellation
   * entities with their `hasVersion` ids, which lets region relations across versions be computed offline.
   */
  terminology: unknown[];
  /** Digest of every file read: part of cache keys and job ids, so new data never meets old results. */
  version: string;
};

export type Vocabularies = {
  /** gene symbol → description, in file order. */
  genes: Record<string, string>;
  receptorSymbols: Record<string, unknown>;
  regionAliases: Record<string, unknown>;
};

/**
 * Leaf folders of the preconfigured features (siibra: one `configuration_folder` per feature class).
 * Parsed into features only on the first feature query (src/features/preconfigured/feature-index.ts).
 */
export const FEATURE_FOLDERS = [
  "features/connectivity/regional/functional",
  "features/connectivity/regional/streamlinecounts",
  "features/connectivity/regional/streamlinelengths",
  "features/connectivity/regional/tracing",
  "features/images/sections/cellbody",
  "features/images/vois/blockface",
  "features/images/vois/cellbody",
  "features/images/vois/lsfm",
  "features/images/vois/morphometry",
  "features/images/vois/mri",
  "features/images/vois/pli",
  "features/images/vois/xpct",
  "features/tabular/activity_timeseries/bold",
  "features/tabular/connectivitystrength",
  "features/tabular/corticalprofiles/celldensity",
  "features/tabular/corticalprofiles/marmosetcelldensity",
  "features/tabular/corticalprofiles/receptor",
  "features/tabular/fingerprints/receptor",
  "features/tabular/layerstatistics/celldensity",
] as const;

/** Folders of the configuration that the service reads (non-recursive, like siibra). */
export const CONFIG_FOLDERS = ["atlases", "spaces", "parcellations", "maps", ...FEATURE_FOLDERS] as const;

export const TERMINOLOGY_FILE = "julich_brain_terminolgy.json";

export const VOCABULARY_FILES = {
  genes: "gene_names.json",
  receptorSymbols: "receptor_symbols.json",
  regionAliases: "region_aliases.json",
} as const;

/** Byte order of UTF-8 paths; plain `<` on JS strings compares UTF-16 units, equal for ASCII names. */
export function byPath(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** The in-memory atlas model built once from the configuration (siibra 0.4 semantics). */

/** `ebrains` block of a configuration object: knowledge-graph ids by type, one or many. */
export type EbrainsRefs = Record<string, string | string[]>;

/** A `publications` entry; entries with a `name` become generic datasets. */
export type Publication = {
  citation?: string;
  url?: string;
  name?: string;
  authors?: string[];
  description?: string;
  license?: string;
};

/** Where dataset metadata of a concept comes from (resolved lazily by the dataset service). */
export type DatasetRefs = { ebrains: EbrainsRefs; publications: Publication[] };

export type ProviderValue = string | Record<string, string>;

export type Volume = {
  name: string;
  providers: Record<string, ProviderValue>;
  variant: string | null;
  spaceId: string;
  datasets: DatasetRefs;
  /**
   * A z-frame of a 4D file (DiFuMo-style maps): served without URL, as siibra 0.4 serialises
   * sub-volumes, but the volume layer reads frame `z` of these providers.
   */
  frame?: { z: number; providers: Record<string, ProviderValue> };
};

export type Atlas = {
  id: string;
  name: string;
  key: string;
  species: string;
  spaceIds: string[];
  parcellationIds: string[];
};

export type Space = {
  id: string;
  name: string;
  key: string;
  shortName: string;
  species: string;
  modality: string | null;
  /** Configured description ("" when none; the atlas download's `.info.md` falls back to datasets). */
  description: string;
  volumes: Volume[];
  datasets: DatasetRefs;
};

export type ParcellationVersion = {
  name: string | null;
  prev: string | null;
  next: string | null;
  collection: string | null;
  deprecated: boolean;
};

export type Region = {
  /** Cleaned name (what the wire calls `name`). */
  name: string;
  key: string;
  /** siibra id: `<parcellation @id>_<KEY>`. */
  id: string;
  /** md5-based wire `@id`. */
  wireId: string;
  parent: Region | null;
  children: Region[];
  parcellation: Parcellation;
  depth: number;
  /** Position in the pre-order walk of the whole tree (root = 0). */
  order: number;
  rgb: string | null;
  /** Flattened string values of the `ebrains` block (for `Region == "string"` matching). */
  ebrainsValues: string[];
  ebrains: EbrainsRefs;
};

export type Parcellation = {
  id: string;
  /** Cleaned name, `[PRERELEASE] `-prefixed when prerelease. */
  name: string;
  key: string;
  shortName: string;
  species: string;
  modality: string | null;
  description: string;
  version: ParcellationVersion | null;
  datasets: DatasetRefs;
  /** The root node of the region tree (the parcellation itself, as in siibra). */
  root: Region;
  /** Pre-order walk excluding the root (the `/regions` order). */
  regions: Region[];
};

export type MapIndex = { volume: number; label: number | null; fragment: string | null };

export type MapType = "LABELLED" | "STATISTICAL";

export type ParcellationMap = {
  id: string;
  name: string;
  key: string;
  shortName: string;
  modality: string | null;
  spaceId: string;
  parcellationId: string;
  species: string;
  maptype: MapType;
  indices: Record<string, MapIndex[]>;
  volumes: Volume[];
  publications: Publication[];
  datasets: DatasetRefs;
};

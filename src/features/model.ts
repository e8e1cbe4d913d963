import type { DatasetRefs } from "../atlas/model.ts";

/**
 * A preconfigured feature as siibra 0.4 builds it from one configuration file: everything the list
 * form needs, computed once from the JSON (no network).
 */

/** Which serializer siibra-api picks (first class in the MRO that has one). */
export type FeatureKind = "tabular" | "fingerprint" | "profile" | "connectivity";

export type Anchor = {
  /** The file's `region`, else the parcellation `@id` (or name); null for location-only anchors. */
  regionSpec: string | null;
  /** Decoded species string (`Homo sapiens`). */
  species: string;
  /** Whether a `location` is configured (its test against region masks needs voxel data). */
  hasLocation: boolean;
  /** `str(anchor)`: region spec and location text joined by a space, as used in names. */
  text: string;
};

export type FeatureRecord = {
  /** Configuration path, e.g. `features/tabular/fingerprints/receptor/…json`. */
  path: string;
  className: string;
  category: string | null;
  kind: FeatureKind;
  id: string;
  name: string;
  modality: string;
  /**
   * The description siibra stores on the object; "" means "take the first non-empty dataset
   * description" (`Feature.description`).
   */
  description: string;
  /** Connectivity/timeseries classes default it to the joined dataset descriptions instead. */
  joinDatasetDescriptions: boolean;
  datasets: DatasetRefs;
  anchor: Anchor;
  /** Cortical profiles: what the list form can say without the data files. */
  profile: { unit: string | null } | null;
  /** Regional connectivity: cohort (upper-cased) and subject names (`files` keys, file order). */
  connectivity: { cohort: string; subjects: string[] } | null;
};

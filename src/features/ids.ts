import { md5Hex } from "../lib/md5.ts";
import { lstripChars } from "./py-format.ts";
import { KG_DATASET_KEYS } from "../datasets/types.ts";
import type { DatasetRefs } from "../atlas/model.ts";

/**
 * `Feature.name` default: `"<Class> (<modality>) anchored at <anchor>"`, `[PRERELEASE] `-prefixed.
 * Subclasses append their suffixes (cohort, paradigm) after the prefix.
 */
export function defaultName(className: string, modality: string, anchorText: string, prerelease: boolean): string {
  const name = `${className} (${modality}) anchored at ${anchorText}`;
  return prerelease ? `[PRERELEASE] ${name}` : name;
}

/** Id of the first dataset siibra builds (v1, DatasetVersion, Dataset, then named publications). */
function firstDatasetId(refs: DatasetRefs): string | null {
  for (const key of KG_DATASET_KEYS) {
    const value = refs.ebrains[key];
    const id = Array.isArray(value) ? value[0] : value;
    if (typeof id === "string") return id;
  }
  const named = refs.publications.find((p) => typeof p.name === "string" && p.name !== "");
  // A GenericDataset's id is the md5 of its name.
  return named?.name ? md5Hex(named.name) : null;
}

/**
 * `Feature.id` (docs/upstream.md#features): the file `@id`, else `<first dataset id>--md5(name)`, where
 * the name loses its leading characters from the *set* "[PRERELEASE] " (upstream's `lstrip` quirk,
 * kept because ids are stored in client URLs).
 */
export function featureId(fileId: string | null, name: string, refs: DatasetRefs): string {
  if (fileId) return fileId;
  const dataset = firstDatasetId(refs);
  const prefix = dataset === null ? "" : `${dataset}--`;
  return prefix + md5Hex(lstripChars(name, "[PRERELEASE] "));
}

/** FunctionalConnectivity tells its paradigms apart: `<id>--md5(paradigm)`. */
export function withParadigm(id: string, paradigm: string): string {
  return `${id}--${md5Hex(paradigm)}`;
}

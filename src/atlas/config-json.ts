import type { DatasetRefs, EbrainsRefs, ProviderValue, Publication, Volume } from "./model.ts";

/** Loose view of a configuration JSON object; fields are checked where they are read. */
export type Json = Record<string, unknown>;

export function str(obj: Json, key: string): string | null {
  const v = obj[key];
  return typeof v === "string" ? v : null;
}

export function reqStr(obj: Json, key: string, where: string): string {
  const v = str(obj, key);
  if (v === null) throw new Error(`configuration ${where}: missing string field '${key}'`);
  return v;
}

export function datasetRefs(obj: Json): DatasetRefs {
  const ebrains = (obj.ebrains ?? {}) as EbrainsRefs;
  const publications = Array.isArray(obj.publications) ? (obj.publications as Publication[]) : [];
  return { ebrains, publications };
}

export function flattenEbrains(refs: EbrainsRefs | undefined): string[] {
  if (!refs) return [];
  return Object.values(refs)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v) => typeof v === "string");
}

/** A `siibra/volume/v0.0.1` spec; `name` is decided by the owner (space name, or `"{}"` for maps). */
export function volumeFrom(spec: Json, name: string, spaceId: string): Volume {
  return {
    name,
    providers: (spec.providers ?? {}) as Record<string, ProviderValue>,
    variant: str(spec, "variant"),
    spaceId,
    datasets: datasetRefs(spec),
  };
}

/** `maps/mni152-jba31-labelled.json` → `mni152-jba31-labelled`. */
export function basename(path: string): string {
  const file = path.slice(path.lastIndexOf("/") + 1);
  return file.endsWith(".json") ? file.slice(0, -5) : file;
}

import { clearName, createKey } from "./names.ts";
import { basename, datasetRefs, str, volumeFrom } from "./config-json.ts";
import type { Json } from "./config-json.ts";
import type { MapIndex, ParcellationMap, Publication, Volume } from "./model.ts";

/**
 * Index keys repeat across the maps of a parcellation (one per space): cleaned once per process. Fed
 * only from the configuration, so bounded by it.
 */
const CLEARED = new Map<string, string>();

function clearIndexName(raw: string): string {
  let name = CLEARED.get(raw);
  if (name === undefined) {
    name = clearName(raw);
    CLEARED.set(raw, name);
  }
  return name;
}

type RawIndex = { volume?: number; label?: number | null; fragment?: string | null; z?: number | null };

/**
 * Builds a parcellation map as siibra 0.4's `Factory.build_map`
 * (docs/upstream.md#parcellation-maps-and-volumes): index keys are cleaned to region names, volumes are
 * renumbered by first use of `(volume, z)` while walking the indices, unused volumes are dropped, and a `z`
 * turns a volume into a DiFuMo-style 4D frame (served without a name or URL, as siibra 0.4 serialises
 * sub-volumes).
 */
export function buildMap(doc: Json, path: string, speciesOfSpace: (spaceId: string) => string): ParcellationMap {
  const base = basename(path);
  const type = String(doc["@type"] ?? "siibra/map/v0.0.1").replaceAll("/", "-");
  const id = str(doc, "@id") ?? `${type}_${base}`;
  const name = str(doc, "name") ?? base.replace(/[-_]/g, " ");
  const spaceId = String((doc.space as Json | undefined)?.["@id"] ?? "");
  const parcellationId = String((doc.parcellation as Json | undefined)?.["@id"] ?? "");
  const rawVolumes = Array.isArray(doc.volumes) ? (doc.volumes as Json[]) : [];

  const renumber = new Map<string, number>();
  const volumes: Volume[] = [];
  const indices: Record<string, MapIndex[]> = {};
  let labelled = true;
  for (const [rawName, entries] of Object.entries((doc.indices ?? {}) as Record<string, RawIndex[]>)) {
    const list: MapIndex[] = [];
    for (const entry of entries) {
      const vol = entry.volume ?? 0;
      const z = entry.z ?? null;
      const slot = `${vol}/${z}`;
      let index = renumber.get(slot);
      if (index === undefined) {
        index = volumes.length;
        renumber.set(slot, index);
        const spec = rawVolumes[vol] ?? {};
        volumes.push(
          z === null ? volumeFrom(spec, "{}", spaceId) : subvolume(spaceId, z, volumeFrom(spec, "", spaceId).providers),
        );
      }
      const label = entry.label ?? null;
      if (label === null) labelled = false;
      list.push({ volume: index, label, fragment: entry.fragment ?? null });
    }
    indices[clearIndexName(rawName)] = list;
  }

  return {
    id,
    name,
    key: createKey(name),
    shortName: str(doc, "shortName") ?? "",
    modality: str(doc, "modality"),
    spaceId,
    parcellationId,
    species: speciesOfSpace(spaceId),
    maptype: labelled ? "LABELLED" : "STATISTICAL",
    indices,
    volumes,
    publications: Array.isArray(doc.publications) ? (doc.publications as Publication[]) : [],
    datasets: datasetRefs(doc),
  };
}

/**
 * A z-frame of a 4D volume. siibra 0.4 builds it as `Subvolume(parent, z)`, which passes on only the
 * parent's space and providers: name `""`, no variant and no datasets, whatever the parent's `ebrains`
 * block says (that is why DiFuMo's continuous maps list no volume datasets upstream).
 */
function subvolume(spaceId: string, z: number, parent: Volume["providers"]): Volume {
  return {
    name: "",
    providers: { nii: {} },
    variant: null,
    spaceId,
    datasets: { ebrains: {}, publications: [] },
    // What the volume layer reads the frame from (not serialised).
    frame: { z, providers: parent },
  };
}

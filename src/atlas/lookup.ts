import { atlasAdapter, lookupInRegistry, parcellationAdapter, spaceAdapter } from "./registry-lookup.ts";
import { findRegions, getRegion } from "./region-lookup.ts";
import type { AtlasStore } from "./store.ts";
import type { Atlas, Parcellation, Region, Space } from "./model.ts";

/**
 * What the jobs use to resolve request specs: exact ids in O(1), then siibra's fuzzy registry and
 * region look-ups (registry-lookup.ts, region-lookup.ts).
 */
export function atlasBySpec(store: AtlasStore, spec: string): Atlas {
  return lookupInRegistry(store.atlases, spec, atlasAdapter);
}

export function spaceBySpec(store: AtlasStore, spec: string): Space {
  return store.spaceById.get(spec) ?? lookupInRegistry(store.spaces, spec, spaceAdapter);
}

export function parcellationBySpec(store: AtlasStore, spec: string): Parcellation {
  return store.parcellationById.get(spec) ?? lookupInRegistry(store.parcellations, spec, parcellationAdapter);
}

/**
 * `get_region` semantics; siibra-explorer sends cleaned names, answered from an index (siibra's exact
 * step: first node in pre-order with that name). The wire `@id` of `/regions` is accepted too.
 */
export function regionBySpec(store: AtlasStore, parcellation: Parcellation, spec: string): Region {
  return (
    store.regionByName(parcellation, spec) ?? store.regionByWireId(parcellation, spec) ?? getRegion(parcellation, spec)
  );
}

/** `/regions?find=`: `parcellation.find(spec)` (children not filtered), the root removed. */
export function findInParcellation(parcellation: Parcellation, spec: string): Region[] {
  return findRegions(parcellation.root, spec, { filterChildren: false, findTopmost: true }).filter(
    (r) => r !== parcellation.root,
  );
}

/** Which map and which index of it a request means (siibra 0.4 `get_map`, `Map.get_index`). */
import { BadRequestError, DetailNotFoundError } from "../errors.ts";
import { parcellationBySpec, spaceBySpec } from "../atlas/lookup.ts";
import { findRegions } from "../atlas/region-lookup.ts";
import type { AtlasStore } from "../atlas/store.ts";
import type { MapIndex, MapType, Parcellation, ParcellationMap, Region, Space } from "../atlas/model.ts";

export type MapChoice = { map: ParcellationMap; parcellation: Parcellation; space: Space };

/** `siibra.get_map(parcellation, space, maptype)`: fuzzy specs, first candidate in registry order. */
export function selectMap(store: AtlasStore, parcellationSpec: string, spaceSpec: string, maptype: MapType): MapChoice {
  const parcellation = parcellationBySpec(store, parcellationSpec);
  const space = spaceBySpec(store, spaceSpec);
  const map = findMap(store, parcellation, space, maptype);
  if (!map) {
    throw new DetailNotFoundError(
      `map with parcellation ${parcellation.name}, space ${space.name} and map type ${maptype} not found.`,
    );
  }
  return { map, parcellation, space };
}

function findMap(
  store: AtlasStore,
  parcellation: Parcellation,
  space: Space,
  maptype: MapType,
): ParcellationMap | undefined {
  return store.maps.find(
    (m) => m.parcellationId === parcellation.id && m.spaceId === space.id && m.maptype === maptype,
  );
}

/**
 * `Map.get_index(region)`: the region's own index entry when its name is a key, else the keys among
 * `parcellation.find(name)`; several → the exact name, else ambiguous (400); none → 404.
 */
export function mapIndexOf(map: ParcellationMap, parcellation: Parcellation, region: Region): MapIndex {
  const own = map.indices[region.name];
  if (own?.length) return own[0];
  const names = new Set(findRegions(parcellation.root, region.name).map((r) => r.name));
  const matches = [...names].filter((n) => map.indices[n]?.length);
  if (matches.length === 0) {
    throw new DetailNotFoundError(
      `The specification '${region.name}' does not match to any structure mapped in ${map.name}`,
    );
  }
  if (matches.length > 1) {
    throw new BadRequestError(
      `The specification '${region.name}' matches multiple mapped structures in ${map.name}: ${matches.join(", ")}`,
    );
  }
  return map.indices[matches[0]][0];
}

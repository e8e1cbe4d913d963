import type { AtlasStore } from "../atlas/store.ts";
import type { Atlas } from "../atlas/model.ts";

/** `SiibraAtlasModel`: spaces and parcellations in registry order, not the atlas file's order. */
export function atlasModel(store: AtlasStore, atlas: Atlas) {
  return {
    "@type": "siibra-0.4/atlas",
    "@id": atlas.id,
    name: atlas.name,
    spaces: store.atlasSpaces(atlas).map((s) => ({ "@id": s.id })),
    parcellations: store.atlasParcellations(atlas).map((p) => ({ "@id": p.id })),
    species: atlas.species,
  };
}

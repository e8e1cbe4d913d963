import * as v from "valibot";
import { defineJob } from "./job.ts";
import { optionalSpec, paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { DetailNotFoundError } from "../src/errors.ts";
import { parcellationBySpec, spaceBySpec } from "../src/atlas/lookup.ts";
import { mapModel } from "../src/serialize/map.ts";

const mapType = v.picklist(["LABELLED", "STATISTICAL"]);

/** `/maps`: registry order, exact string filters (no fuzzy matching), list form. */
export const listMaps = defineJob({
  name: "maps.list",
  python: {
    name: "filter_maps",
    source:
      "def filter_maps(parcellation_id: str = None, space_id: str = None, map_type: str = None):\n    import siibra\n    return [\n        m for m in siibra.maps\n        if (parcellation_id is None or m.parcellation.id == parcellation_id)\n        and (space_id is None or m.space.id == space_id)\n        and (map_type is None or m.maptype.name == map_type)\n    ]",
  },
  queue: "core",
  immutable: true,
  payload: v.object({
    parcellation_id: optionalSpec,
    space_id: optionalSpec,
    map_type: v.nullable(mapType),
    ...paging,
  }),
  async run({ parcellation_id, space_id, map_type, page, size }, { store, remap, datasets }) {
    const hits = store.maps.filter(
      (m) =>
        (parcellation_id === null || m.parcellationId === parcellation_id) &&
        (space_id === null || m.spaceId === space_id) &&
        (map_type === null || m.maptype === map_type),
    );
    const window = paginate(hits, page, size);
    return { ...window, items: await Promise.all(window.items.map((m) => mapModel(m, false, remap, datasets))) };
  },
});

export const getMapById = defineJob({
  name: "maps.get",
  python: {
    name: "single_map",
    source:
      "def single_map(map_id: str):\n    import siibra\n    return next(m for m in siibra.maps if m.id == map_id)",
  },
  queue: "core",
  immutable: true,
  payload: v.object({ map_id: spec }),
  run({ map_id }, { store, remap, datasets, meshes }) {
    const m = store.mapById(map_id);
    if (!m) throw new DetailNotFoundError(`map with id ${map_id} not found.`);
    return mapModel(m, true, remap, datasets, meshes);
  },
});

/** `/map`: `siibra.get_map` — fuzzy specs, first candidate in registry order. */
export const getMap = defineJob({
  name: "map.get",
  python: {
    name: "get_map",
    source:
      "def get_map(parcellation_id: str, space_id: str, map_type: str):\n    import siibra\n    return siibra.get_map(parcellation_id, space_id, map_type)",
  },
  queue: "core",
  immutable: true,
  payload: v.object({ parcellation_id: spec, space_id: spec, map_type: mapType }),
  run({ parcellation_id, space_id, map_type }, { store, remap, datasets, meshes }) {
    const parcellation = parcellationBySpec(store, parcellation_id);
    const space = spaceBySpec(store, space_id);
    const m = store.maps.find(
      (x) => x.parcellationId === parcellation.id && x.spaceId === space.id && x.maptype === map_type,
    );
    if (!m) {
      throw new DetailNotFoundError(
        `map with parcellation ${parcellation.name}, space ${space.name} and map type ${map_type} not found.`,
      );
    }
    return mapModel(m, true, remap, datasets, meshes);
  },
});

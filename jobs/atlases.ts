import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { atlasBySpec } from "../src/atlas/lookup.ts";
import { atlasModel } from "../src/serialize/atlas.ts";

export const listAtlases = defineJob({
  name: "atlases.list",
  python: {
    name: "all_atlases",
    source: pySource("def all_atlases():", "    import siibra", "    return list(siibra.atlases)"),
  },
  queue: "core",
  immutable: true,
  payload: v.object(paging),
  run: ({ page, size }, { store }) =>
    paginate(
      store.atlases.map((a) => atlasModel(store, a)),
      page,
      size,
    ),
});

export const getAtlas = defineJob({
  name: "atlases.get",
  python: {
    name: "single_atlas",
    source: pySource("def single_atlas(atlas_id: str):", "    import siibra", "    return siibra.atlases[atlas_id]"),
  },
  queue: "core",
  immutable: true,
  payload: v.object({ atlas_id: spec }),
  run: ({ atlas_id }, { store }) => atlasModel(store, atlasBySpec(store, atlas_id)),
});

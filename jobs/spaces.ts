import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { spaceBySpec } from "../src/atlas/lookup.ts";
import { spaceModel } from "../src/serialize/space.ts";

export const listSpaces = defineJob({
  name: "spaces.list",
  python: {
    name: "all_spaces",
    source: pySource("def all_spaces():", "    import siibra", "    return list(siibra.spaces)"),
  },
  queue: "core",
  immutable: true,
  payload: v.object(paging),
  async run({ page, size }, { store, remap, datasets, meshes }) {
    const window = paginate(store.spaces, page, size);
    return { ...window, items: await Promise.all(window.items.map((s) => spaceModel(s, remap, datasets, meshes))) };
  },
});

export const getSpace = defineJob({
  name: "spaces.get",
  python: {
    name: "single_space",
    source: pySource("def single_space(space_id: str):", "    import siibra", "    return siibra.spaces[space_id]"),
  },
  queue: "core",
  immutable: true,
  payload: v.object({ space_id: spec }),
  run: ({ space_id }, { store, remap, datasets, meshes }) =>
    spaceModel(spaceBySpec(store, space_id), remap, datasets, meshes),
});

import * as v from "valibot";
import { defineJob } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/http/pagination.ts";
import { spaceBySpec } from "../src/atlas/lookup.ts";
import { spaceModel } from "../src/serialize/space.ts";

export const listSpaces = defineJob({
  name: "spaces.list",
  queue: "core",
  payload: v.object(paging),
  async run({ page, size }, { store, remap, datasets }) {
    const window = paginate(store.spaces, page, size);
    return { ...window, items: await Promise.all(window.items.map((s) => spaceModel(s, remap, datasets))) };
  },
});

export const getSpace = defineJob({
  name: "spaces.get",
  queue: "core",
  payload: v.object({ space_id: spec }),
  run: ({ space_id }, { store, remap, datasets }) => spaceModel(spaceBySpec(store, space_id), remap, datasets),
});

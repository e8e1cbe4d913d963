import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { parcellationBySpec } from "../src/atlas/lookup.ts";
import { parcellationModel } from "../src/serialize/parcellation.ts";

export const listParcellations = defineJob({
  name: "parcellations.list",
  python: {
    name: "all_parcellations",
    source: pySource("def all_parcellations():", "    import siibra", "    return list(siibra.parcellations)"),
  },
  queue: "core",
  immutable: true,
  payload: v.object(paging),
  async run({ page, size }, { store, datasets }) {
    const window = paginate(store.parcellations, page, size);
    return { ...window, items: await Promise.all(window.items.map((p) => parcellationModel(store, p, datasets))) };
  },
});

export const getParcellation = defineJob({
  name: "parcellations.get",
  python: {
    name: "single_parcellation",
    source: pySource(
      "def single_parcellation(parcellation_id: str):",
      "    import siibra",
      "    return siibra.parcellations[parcellation_id]",
    ),
  },
  queue: "core",
  immutable: true,
  payload: v.object({ parcellation_id: spec }),
  run: ({ parcellation_id }, { store, datasets }) =>
    parcellationModel(store, parcellationBySpec(store, parcellation_id), datasets),
});

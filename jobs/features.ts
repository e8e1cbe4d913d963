import * as v from "valibot";
import { defineJob } from "./job.ts";
import { optionalSpec, paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { featureTypes } from "../src/features/types.ts";
import { queryFeatures } from "../src/features/query.ts";
import { asTabularUnionItem, checkRouteKinds, featureListModel } from "../src/features/serialize.ts";

export const listFeatureTypes = defineJob({
  name: "features.types",
  python: {
    name: "feature_types",
    source:
      "def feature_types():\n    import siibra\n    return sorted(siibra.features.Feature._SUBCLASSES, key=lambda c: c.__name__)",
  },
  queue: "features",
  immutable: true,
  payload: v.object(paging),
  run: ({ page, size }) => paginate(featureTypes(), page, size),
});

/**
 * `/feature/{Tabular|CorticalProfile|RegionalConnectivity}` (list form). A missing `type` becomes the
 * route's category, as upstream's `wrap_feature_category`. The whole list is matched (so `total` is
 * right), datasets are resolved for the requested page only.
 */
export const listFeatures = defineJob({
  name: "features.list",
  python: {
    name: "list_features",
    source:
      "def list_features(parcellation_id: str, region_id: str = None, type: str = None):\n    import siibra\n    concept = siibra.get_region(parcellation_id, region_id) if region_id else siibra.parcellations[parcellation_id]\n    return siibra.features.get(concept, type)",
  },
  queue: "features",
  payload: v.object({
    route: v.picklist(["Tabular", "CorticalProfile", "RegionalConnectivity"]),
    parcellation_id: spec,
    region_id: optionalSpec,
    type: optionalSpec,
    ...paging,
  }),
  async run({ route, parcellation_id, region_id, type, page, size }, { store, datasets }) {
    const typeSpec = type || route;
    const features = queryFeatures(store, { parcellationId: parcellation_id, regionId: region_id, type: typeSpec });
    checkRouteKinds(route, typeSpec, features);
    const window = paginate(features, page, size);
    const items = await Promise.all(
      window.items.map(async (f) => {
        const item = await featureListModel(f, datasets);
        return route === "Tabular" ? asTabularUnionItem(item, f.kind) : item;
      }),
    );
    return { ...window, items };
  },
});

import * as v from "valibot";
import { defineJob } from "./job.ts";
import { optionalSpec, paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { NotFoundError } from "../src/errors.ts";
import { queryImages } from "../src/features/images/query.ts";
import { voiModel } from "../src/features/images/models.ts";
import { ebrainsFeatures } from "../src/features/live/ebrains-query.ts";
import { ebrainsFeatureModel, regionSpecAnchor } from "../src/features/live/ebrains-model.ts";

/** siibra-api's v2 worker answers `/feature/Image` with this `@type` (docs/decisions.md#image-ids-resolve). */
export const V2_VOI = "siibra-2.0/feature/volume_of_interest";

const imagePayload = { space_id: spec, bbox: optionalSpec, type: optionalSpec };

/** `/feature/Image` (list form): VOIs and sections of the space within `bbox`, by category. */
export const listImages = defineJob({
  name: "features.images.list",
  python: {
    name: "list_images",
    source:
      "def list_images(space_id: str, bbox: str = None, type: str = None):\n    import siibra, json\n    space = siibra.spaces[space_id]\n    box = space.get_bounding_box(*json.loads(bbox or '[[-255,-255,-255],[255,255,255]]'))\n    return [f for f in siibra.features.get(space, type or 'Image') if f.anchor.location.intersects(box)]",
  },
  queue: "features",
  payload: v.object({ ...imagePayload, ...paging }),
  async run({ space_id, bbox, type, page, size }, ctx) {
    const { space, hits } = await queryImages(ctx.store, ctx, { spaceId: space_id, bbox, type });
    const window = paginate(hits, page, size);
    const items = await Promise.all(
      window.items.map((h) => voiModel(h.image, h.box, space.name, { atType: V2_VOI, anchor: null }, ctx)),
    );
    return { ...window, items };
  },
});

/**
 * `/feature/Image/{feature_id}` (in the July 2025 contract, removed in 0.3.35;
 * docs/decisions.md#contract-versus-source): the list re-run, the one item with that id.
 */
export const getImage = defineJob({
  name: "features.images.get",
  python: {
    name: "get_image",
    source:
      "def get_image(space_id: str, feature_id: str, type: str = None):\n    import siibra\n    return [f for f in siibra.features.get(siibra.spaces[space_id], type or 'Image') if f.id == feature_id][0]",
  },
  queue: "features",
  payload: v.object({ space_id: spec, feature_id: spec, type: optionalSpec }),
  async run({ space_id, feature_id, type }, ctx) {
    const { space, hits } = await queryImages(ctx.store, ctx, { spaceId: space_id, bbox: null, type });
    const hit = hits.find((h) => h.image.id === feature_id);
    if (!hit) throw new NotFoundError("list index out of range");
    return voiModel(hit.image, hit.box, space.name, { atType: V2_VOI, anchor: null }, ctx);
  },
});

const regionPayload = { parcellation_id: spec, region_id: spec };

/** `/feature/EbrainsDataFeature`: the live query through the knowledge-graph snapshot. */
export const listEbrainsDataFeatures = defineJob({
  name: "features.ebrains.list",
  python: {
    name: "list_ebrains_datafeatures",
    source:
      "def list_ebrains_datafeatures(parcellation_id: str, region_id: str):\n    import siibra\n    return siibra.features.get(siibra.get_region(parcellation_id, region_id), 'EbrainsDataFeature')",
  },
  queue: "features",
  payload: v.object({ ...regionPayload, ...paging }),
  async run({ parcellation_id, region_id, page, size }, ctx) {
    const all = await ebrainsFeatures(ctx, parcellation_id, region_id);
    const window = paginate(all, page, size);
    const items = await Promise.all(window.items.map((f) => ebrainsFeatureModel(f.dataset, f.id, null, ctx.datasets)));
    return { ...window, items };
  },
});

/**
 * `/feature/EbrainsDataFeature/{feature_id}`: the single object (upstream's Page declaration fails;
 * docs/decisions.md#single-live-feature).
 */
export const getEbrainsDataFeature = defineJob({
  name: "features.ebrains.get",
  python: {
    name: "get_ebrains_datafeature",
    source:
      "def get_ebrains_datafeature(parcellation_id: str, region_id: str, feature_id: str):\n    import siibra\n    features = siibra.features.get(siibra.get_region(parcellation_id, region_id), 'EbrainsDataFeature')\n    return [f for f in features if f.id == feature_id][0]",
  },
  queue: "features",
  payload: v.object({ ...regionPayload, feature_id: spec }),
  async run({ parcellation_id, region_id, feature_id }, ctx) {
    const all = await ebrainsFeatures(ctx, parcellation_id, region_id);
    const hit = all.find((f) => f.id === feature_id);
    if (!hit) throw new NotFoundError("list index out of range");
    return ebrainsFeatureModel(hit.dataset, hit.id, regionSpecAnchor(), ctx.datasets);
  },
});

import { pointModel } from "../point-model.ts";
import { volumeModel } from "../../serialize/volume.ts";
import type { RemapRules } from "../../lib/remote.ts";
import type { DatasetResolver } from "../../datasets/types.ts";
import type { Box, ImageRecord } from "./records.ts";

const BOX_MODELS = new WeakMap<Box, { spaceId: string; model: ReturnType<typeof buildBoxModel> }>();

/**
 * `BoundingBoxModel` (sigma 0: shape = max − min, center = min + (max − min) / 2). Memoised per box
 * object: boxes live in the data cache, and three md5 point ids per item dominate a list's cost.
 */
function boxModel(spaceId: string, box: Box) {
  const hit = BOX_MODELS.get(box);
  if (hit?.spaceId === spaceId) return hit.model;
  const model = buildBoxModel(spaceId, box);
  BOX_MODELS.set(box, { spaceId, model });
  return model;
}

function buildBoxModel(spaceId: string, box: Box) {
  const shape = box.max.map((m, i) => m - box.min[i]);
  return {
    "@type": "siibra-0.4/location/bbox",
    space: { "@id": spaceId },
    center: pointModel(
      spaceId,
      box.min.map((m, i) => m + shape[i] / 2),
    ),
    minpoint: pointModel(spaceId, box.min),
    maxpoint: pointModel(spaceId, box.max),
    shape,
    isPlanar: shape.some((d) => d === 0),
  };
}

/** `Image.description`: siibra 0.4 writes it from the modality and the anchor's text. */
function imageDescription(image: ImageRecord, spaceName: string): string {
  return `Image feature with modality ${image.modality} at Bounding box of image in ${spaceName}`;
}

export type VoiForm = {
  /** `siibra-2.0/…` on `/feature/Image` (upstream's v2 worker), `siibra-0.4/…` through `/feature/{id}`. */
  atType: string;
  /** `SiibraAnchorModel` in detail form, null in lists. */
  anchor: Record<string, unknown> | null;
};

/** `SiibraVoiModel`: the feature's base keys, its volume and its bounding box. */
export async function voiModel(
  image: ImageRecord,
  box: Box,
  spaceName: string,
  form: VoiForm,
  deps: { datasets: DatasetResolver; remap: RemapRules },
) {
  const datasets = await deps.datasets.resolve(image.datasets);
  const volume = await volumeModel(
    { name: image.name, providers: image.providers, variant: null, spaceId: image.spaceId, datasets: image.datasets },
    deps.remap,
    deps.datasets,
  );
  return {
    "@type": form.atType,
    id: image.id,
    modality: image.modality,
    category: image.category ?? "Unknown category",
    description: imageDescription(image, spaceName),
    name: image.name,
    datasets,
    anchor: form.anchor,
    volume,
    boundingbox: boxModel(image.spaceId, box),
  };
}

/**
 * The detail anchor of an image (`ImageAnchor`): its location is the volume's bounding box, which the anchor
 * model coerces to a `LocationModel`, geometry lost (docs/decisions.md#bounding-box-anchors). Region
 * assignments of the few images that name a region are not resolved here.
 */
export function imageAnchor(spaceId: string) {
  return {
    "@type": "siibra-0.4/anchor",
    location: { "@type": "siibra-0.4/location/bbox", space: { "@id": spaceId } },
    regions: [],
    last_match_description: "",
    last_match_result: [],
  };
}

/**
 * Location-anchored matches of siibra 0.4's `AnatomicalAnchor.assign` (docs/upstream.md#features):
 * when the anchor's region spec finds nothing in the concept's tree but the anchor has a location,
 * the location is tested against the region's mask. Here the located features are the image
 * features (VOIs, sections), whose location is the volume's bounding box. As siibra's
 * `match_location_to_region`: a box inside the mask's bounding box is CONTAINED, a box holding it
 * CONTAINS, a box meeting a mask voxel OVERLAPS.
 */
import { findRegions } from "../atlas/region-lookup.ts";
import { DetailNotFoundError } from "../errors.ts";
import { HostNotAllowedError, RemoteUnavailableError } from "../lib/remote.ts";
import { VolumeNotSupportedError } from "../volumes/errors.ts";
import { maskBox, maskMeetsBox } from "../volumes/region-box.ts";
import { mappedInSpace, regionalMask } from "../volumes/regional-mask.ts";
import { imageBox, images } from "./images/query.ts";
import type { Region } from "../atlas/model.ts";
import type { Logger } from "../lib/logger.ts";
import type { VolumeContext } from "../volumes/context.ts";
import type { FeatureClass } from "./hierarchy.ts";
import type { Box, ImageRecord } from "./images/records.ts";

export type LocationContext = VolumeContext & { logger: Logger };

/** An image feature whose bounding box meets the concept's mask. */
export type LocationMatch = { image: ImageRecord; box: Box; qualification: "CONTAINED" | "CONTAINS" | "OVERLAPS" };

const within = (inner: Box, outer: Box) =>
  [0, 1, 2].every((d) => inner.min[d] >= outer.min[d] && inner.max[d] <= outer.max[d]);

/** The assignment siibra makes between an image box and a region mask, or null. */
function qualify(box: Box, mask: Parameters<typeof maskBox>[0]): LocationMatch["qualification"] | null {
  const corners = maskBox(mask);
  if (corners === null) return null;
  const bounds: Box = { min: corners[0], max: corners[1] };
  if (within(box, bounds)) return "CONTAINED";
  if (within(bounds, box)) return "CONTAINS";
  return maskMeetsBox(mask, [box.min, box.max]) ? "OVERLAPS" : null;
}

/** Failures of the data hosts: the feature stays undecided (logged), the list still answers. */
const isRemoteFailure = (err: unknown) => err instanceof RemoteUnavailableError || err instanceof HostNotAllowedError;

/** Images the spatial test applies to: class asked for, and no semantic decision in the concept's tree. */
function candidates(ctx: LocationContext, concept: Region, classes: FeatureClass[]): ImageRecord[] {
  const names = new Set(classes.map((c) => c.name));
  const root = concept.parcellation.root;
  return images(ctx.store).filter((image) => {
    if (!names.has(image.className)) return false;
    if (image.regionSpec !== null && findRegions(root, image.regionSpec).length > 0) return false;
    const space = ctx.store.spaceById.get(image.spaceId);
    // No map of the concept in the image's space: siibra cannot test the location either.
    return space !== undefined && mappedInSpace(ctx.store, concept, space);
  });
}

/**
 * The image features of `classes` anchored by location whose box meets `concept`'s labelled mask,
 * in image order. Boxes are tested one at a time: the mask is cached after the first load, and a
 * data host that fails is remembered by the remote layer, so later images fail fast.
 */
export async function locationMatches(
  ctx: LocationContext,
  concept: Region,
  classes: FeatureClass[],
): Promise<LocationMatch[]> {
  const out: LocationMatch[] = [];
  let undecided = 0;
  let firstFailure = "";
  for (const image of candidates(ctx, concept, classes)) {
    const space = ctx.store.spaceById.get(image.spaceId);
    if (!space) continue;
    try {
      const box = await imageBox(ctx, image);
      const qualification = qualify(box, await regionalMask(ctx, concept, space));
      if (qualification) out.push({ image, box, qualification });
    } catch (err) {
      // No usable labelled mask in that space (statistical maps only, unsupported format): no match.
      if (err instanceof DetailNotFoundError || err instanceof VolumeNotSupportedError) continue;
      if (!isRemoteFailure(err)) throw err;
      undecided++;
      firstFailure ||= (err as Error).message;
    }
  }
  if (undecided > 0)
    ctx.logger.warn(
      `location-anchored features of ${concept.name}: ${undecided} undecided (data host failed: ${firstFailure}); listing the semantic matches only for those`,
    );
  return out;
}

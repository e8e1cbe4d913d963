/**
 * `bestViewPoint` of `/regions/{id}?space_id=`: siibra 0.4's `compute_centroids(space)[0]`, i.e. the
 * centroid of the largest 26-connected component of the region's labelled mask. Memoised per region
 * and space in the data cache; a region not mapped in the space (or mapped only as a surface) has
 * none. Remote failures are not memoised.
 */
import { DetailNotFoundError } from "../errors.ts";
import { components } from "./components.ts";
import { VolumeNotSupportedError } from "./errors.ts";
import { mappedInSpace, regionalMask } from "./regional-mask.ts";
import type { VolumeContext } from "./context.ts";
import type { Region, Space } from "../atlas/model.ts";
import type { Vec3 } from "./affine.ts";

export async function regionCentroid(ctx: VolumeContext, region: Region, space: Space): Promise<Vec3 | null> {
  if (!mappedInSpace(ctx.store, region, space)) return null;
  return ctx.dataCache.getOrLoad(`centroid:${region.id}|${space.id}`, async () => {
    try {
      const mask = await regionalMask(ctx, region, space);
      const [largest] = components(mask);
      return { value: largest ? largest.centroid : null, bytes: 64 };
    } catch (err) {
      // Mapped only by meshes / not buildable from labelled images: upstream has no centroid either.
      if (err instanceof DetailNotFoundError || err instanceof VolumeNotSupportedError)
        return { value: null, bytes: 64 };
      throw err;
    }
  });
}

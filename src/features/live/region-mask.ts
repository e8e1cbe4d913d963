import { labelledMapImage } from "../../volumes/index.ts";
import { apply, invert } from "../../volumes/affine.ts";
import type { Image } from "../../volumes/image.ts";
import type { VolumeContext } from "../../volumes/context.ts";
import type { Mask } from "./gene-expressions.ts";

/**
 * A decoded volume as a point test, the way siibra's `Point.intersects(mask)` does it: voxel =
 * int(inverse(affine) · xyz + 0.5) (truncating), outside the grid or 0 → not contained.
 */
export function maskFromImage(image: Image): Mask {
  const inv = invert(image.affine);
  if (!inv) throw new Error("singular affine");
  const [nx, ny, nz] = image.dims;
  return (xyz) => {
    const v = apply(inv, xyz).map((c) => Math.trunc(c + 0.5));
    if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[0] >= nx || v[1] >= ny || v[2] >= nz) return false;
    return image.data[v[0] + nx * (v[1] + ny * v[2])] !== 0;
  };
}

/**
 * The region's labelled mask in a space (`region.fetch_regional_map(space, LABELLED)`), from the volume
 * layer (children merged); its failures (502/503/504 of the map's host, no labelled map of the
 * parcellation in that space) pass through.
 */
export async function regionMask(
  ctx: VolumeContext,
  q: { parcellationId: string; spaceId: string; regionId: string },
): Promise<Mask> {
  return maskFromImage(await labelledMapImage(ctx, q));
}

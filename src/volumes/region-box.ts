/**
 * Region ↔ bounding-box tests for location-anchored features (images, sections): siibra 0.4's
 * `BoundingBox.from_image(mask)` and `BoundingBox._intersect_mask` (a mask voxel centre inside the
 * box, widened by half a voxel so thin boxes still meet voxels).
 */
import { apply, invert } from "./affine.ts";
import { regionalMask } from "./regional-mask.ts";
import type { VolumeContext } from "./context.ts";
import type { Region, Space } from "../atlas/model.ts";
import type { Image } from "./image.ts";
import type { Vec3 } from "./affine.ts";

export type Box = [Vec3, Vec3];

/** The mm box of the mask's nonzero voxels (voxel bounds [min, max + 1] through the affine), or null. */
export function maskBox(mask: Image): Box | null {
  const [nx, ny, nz] = mask.dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        if (!(mask.data[n] > 0)) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  if (hi[0] < 0) return null;
  const a = apply(mask.affine, lo);
  const b = apply(mask.affine, [hi[0] + 1, hi[1] + 1, hi[2] + 1]);
  return [[0, 1, 2].map((d) => Math.min(a[d], b[d])) as Vec3, [0, 1, 2].map((d) => Math.max(a[d], b[d])) as Vec3];
}

/** Whether some mask voxel centre lies in the box (either corner order), ± half a voxel per axis. */
export function maskMeetsBox(mask: Image, box: Box): boolean {
  const inverse = invert(mask.affine);
  if (!inverse) return false;
  const lo = [0, 1, 2].map((d) => Math.min(box[0][d], box[1][d]));
  const hi = [0, 1, 2].map((d) => Math.max(box[0][d], box[1][d]));
  // Voxel range whose centres can fall in the box (the affine may flip axes: take all 8 corners).
  const corners = [0, 1, 2, 3, 4, 5, 6, 7].map((c) =>
    apply(inverse, [c & 1 ? hi[0] : lo[0], c & 2 ? hi[1] : lo[1], c & 4 ? hi[2] : lo[2]]),
  );
  const from = [0, 1, 2].map((d) => Math.max(0, Math.floor(Math.min(...corners.map((p) => p[d])) - 1)));
  const to = [0, 1, 2].map((d) => Math.min(mask.dims[d] - 1, Math.ceil(Math.max(...corners.map((p) => p[d])) + 1)));
  const o = apply(mask.affine, [0, 0, 0]);
  const half = [0, 1, 2].map((d) => {
    const unit = apply(mask.affine, [d === 0 ? 1 : 0, d === 1 ? 1 : 0, d === 2 ? 1 : 0]);
    return Math.abs(unit[d] - o[d]) / 2;
  });
  const [nx, ny] = mask.dims;
  for (let k = from[2]; k <= to[2]; k++) {
    for (let j = from[1]; j <= to[1]; j++) {
      for (let i = from[0]; i <= to[0]; i++) {
        if (!(mask.data[i + nx * (j + ny * k)] > 0)) continue;
        const p = apply(mask.affine, [i, j, k]);
        if (p.every((v, d) => v >= lo[d] - half[d] && v <= hi[d] + half[d])) return true;
      }
    }
  }
  return false;
}

/** Does the region's labelled mask in `space` meet the box (mm)? (For location-anchored feature matches.) */
export async function regionMeetsBox(ctx: VolumeContext, region: Region, space: Space, box: Box): Promise<boolean> {
  return maskMeetsBox(await regionalMask(ctx, region, space), box);
}

/** The region's bounding box in `space` (mm), from its labelled mask; null when the mask is empty. */
export async function regionBox(ctx: VolumeContext, region: Region, space: Space): Promise<Box | null> {
  return maskBox(await regionalMask(ctx, region, space));
}

/**
 * Image volume of a map or template volume: picks the first image format siibra would (nii, zip/nii,
 * neuroglancer/precomputed), the fragment by case-insensitive substring, and merges all fragments
 * when none is named (siibra's `NiftiProvider._merge_fragments`).
 */
import { VolumeDataError, VolumeNotSupportedError } from "./errors.ts";
import { apply, IDENTITY, invert, multiply, sameAffine, translation } from "./affine.ts";
import { DTYPES, voxelCount } from "./image.ts";
import { loadNiftiImage } from "./load.ts";
import { loadPrecomputedImage } from "./precomputed-image.ts";
import type { VolumeContext } from "./context.ts";
import type { ProviderValue, Volume } from "../atlas/model.ts";
import type { Image } from "./image.ts";
import type { Vec3 } from "./affine.ts";

export const IMAGE_FORMATS = ["nii", "zip/nii", "neuroglancer/precomputed"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export type ImageProvider = { format: ImageFormat; value: ProviderValue; frame: number };

export function imageProvider(volume: Volume): ImageProvider | null {
  const providers = volume.frame?.providers ?? volume.providers;
  for (const format of IMAGE_FORMATS) {
    const value = providers[format];
    if (value !== undefined) return { format, value, frame: volume.frame?.z ?? 0 };
  }
  return null;
}

export function providesImage(volume: Volume): boolean {
  return imageProvider(volume) !== null;
}

/** The URL of one fragment (or of the only image); null `fragment` on a split volume is an error. */
export function fragmentUrl(provider: ImageProvider, fragment: string | null): string {
  const { value } = provider;
  if (typeof value === "string") return value;
  const names = Object.keys(value);
  if (fragment === null) {
    if (names.length === 1) return value[names[0]];
    throw new VolumeDataError(names.join(", "), "a fragment must be chosen");
  }
  const hits = names.filter((n) => n.toLowerCase().includes(fragment.toLowerCase()));
  if (hits.length !== 1) {
    throw new VolumeDataError(names.join(", "), `fragment '${fragment}' does not match exactly one fragment`);
  }
  return value[hits[0]];
}

export function loadProviderImage(
  ctx: VolumeContext,
  provider: ImageProvider,
  url: string,
  cache = true,
): Promise<Image> {
  if (provider.format === "neuroglancer/precomputed") return loadPrecomputedImage(ctx, url);
  return loadNiftiImage(ctx, provider.format, url, provider.frame, cache);
}

/** `Volume.fetch(fragment=…)` in image form. */
export async function fetchVolumeImage(ctx: VolumeContext, volume: Volume, fragment: string | null): Promise<Image> {
  const provider = imageProvider(volume);
  if (!provider) throw new VolumeNotSupportedError("This volume provides no image format (only meshes).");
  const { value } = provider;
  if (fragment === null && typeof value !== "string" && Object.keys(value).length > 1) {
    const images = await Promise.all(Object.values(value).map((url) => loadProviderImage(ctx, provider, url)));
    return mergeFragments(images);
  }
  return loadProviderImage(ctx, provider, fragmentUrl(provider, fragment));
}

/**
 * One grid covering every fragment: the union of their boxes in mm, on the first fragment's voxel
 * grid; nonzero voxels are copied by nearest voxel, later fragments winning conflicts (as siibra).
 */
function mergeFragments(images: Image[]): Image {
  const first = images[0];
  let lo: Vec3 = [Infinity, Infinity, Infinity];
  let hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const img of images) {
    for (const corner of [apply(img.affine, [0, 0, 0]), apply(img.affine, img.dims)]) {
      lo = lo.map((v, d) => Math.min(v, corner[d])) as Vec3;
      hi = hi.map((v, d) => Math.max(v, corner[d])) as Vec3;
    }
  }
  const firstInverse = invert(first.affine);
  if (!firstInverse) throw new VolumeDataError("fragments", "singular affine");
  const affine = multiply(first.affine, translation(apply(firstInverse, lo)));
  const inverse = invert(affine) as number[];
  const a = apply(inverse, lo);
  const b = apply(inverse, hi);
  const dims = [0, 1, 2].map((d) => Math.max(1, Math.round(Math.abs(b[d] - a[d])))) as Vec3;
  const data = new DTYPES[first.dtype].array(voxelCount(dims));
  const [nx, ny, nz] = dims;
  for (const img of images) {
    const toResult = multiply(inverse, img.affine);
    const src = img.data;
    if (sameAffine(toResult, IDENTITY, 1e-9) && img.dims.every((n, d) => n === dims[d])) {
      for (let i = 0; i < src.length; i++) if (src[i] !== 0) data[i] = src[i];
      continue;
    }
    const [sx, sy] = img.dims;
    for (let n = 0; n < src.length; n++) {
      if (src[n] === 0) continue;
      const i = n % sx;
      const j = Math.floor(n / sx) % sy;
      const k = Math.floor(n / (sx * sy));
      const t = apply(toResult, [i, j, k]).map((v) => Math.trunc(v + 0.5));
      if (t[0] < 0 || t[1] < 0 || t[2] < 0 || t[0] >= nx || t[1] >= ny || t[2] >= nz) continue;
      data[t[0] + nx * (t[1] + ny * t[2])] = src[n];
    }
  }
  return { dims, affine, dtype: first.dtype, data };
}

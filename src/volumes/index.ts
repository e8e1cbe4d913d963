/**
 * Public API of the volume layer (voxel data of maps and templates). Other domains (atlas download,
 * feature matching) and the volume jobs call only what is exported here.
 *
 * Specs are the region / parcellation / space specs the routes take, resolved through `ctx.store`.
 * File functions return gzipped NIfTI-1 bytes.
 */
import { parcellationBySpec, regionBySpec, spaceBySpec } from "../atlas/lookup.ts";
import { assignLabelled, assignStatistical } from "./assign.ts";
import { regionCentroid } from "./centroid.ts";
import { VolumeNotSupportedError } from "./errors.ts";
import { fetchVolumeImage } from "./fragments.ts";
import { gzip } from "./gzip.ts";
import { encodeNifti } from "./nifti-write.ts";
import { mapIndexOf, selectMap } from "./maps.ts";
import { parsePoint } from "./point.ts";
import { regionalMask } from "./regional-mask.ts";
import { cutToBox, resampleOnto, templateImage } from "./template.ts";
import type { VolumeContext } from "./context.ts";
import type { Region, Space } from "../atlas/model.ts";
import type { AssignRow } from "./assign.ts";
import type { Image } from "./image.ts";
import type { Vec3 } from "./affine.ts";
import type { Bbox } from "../lib/bbox.ts";

export { ASSIGN_COLUMNS } from "./assign.ts";
export type { AssignRow } from "./assign.ts";
export type { Image } from "./image.ts";
export { VolumeDataError, VolumeNotSupportedError } from "./errors.ts";
export { regionBox, regionMeetsBox } from "./region-box.ts";
export type { Box } from "./region-box.ts";
export type { VolumeContext } from "./context.ts";

export type LabelledMapQuery = { parcellationId: string; spaceId: string; regionId?: string | null };
export type StatisticalMapQuery = { parcellationId: string; spaceId: string; regionId: string };
export type TemplateQuery = { spaceId: string; bbox?: Bbox | null };

async function niftiGz(image: Image): Promise<Uint8Array<ArrayBuffer>> {
  return gzip(encodeNifti(image));
}

/** The labelled map of (parcellation, space); with a region, its binary mask (children merged). */
export async function labelledMapImage(ctx: VolumeContext, q: LabelledMapQuery): Promise<Image> {
  if (q.regionId) {
    const parcellation = parcellationBySpec(ctx.store, q.parcellationId);
    const space = spaceBySpec(ctx.store, q.spaceId);
    return regionalMask(ctx, regionBySpec(ctx.store, parcellation, q.regionId), space);
  }
  const { map } = selectMap(ctx.store, q.parcellationId, q.spaceId, "LABELLED");
  if (map.volumes.length !== 1) {
    throw new VolumeNotSupportedError(
      `${map.name} has ${map.volumes.length} volumes; merging them into one labelled volume is not supported.`,
    );
  }
  return fetchVolumeImage(ctx, map.volumes[0], null);
}

export async function labelledMapFile(ctx: VolumeContext, q: LabelledMapQuery): Promise<Uint8Array<ArrayBuffer>> {
  return niftiGz(await labelledMapImage(ctx, q));
}

/** The region's probability map from the first statistical map of (parcellation, space). */
async function statisticalMapImage(ctx: VolumeContext, q: StatisticalMapQuery): Promise<Image> {
  const { map, parcellation } = selectMap(ctx.store, q.parcellationId, q.spaceId, "STATISTICAL");
  const index = mapIndexOf(map, parcellation, regionBySpec(ctx.store, parcellation, q.regionId));
  return fetchVolumeImage(ctx, map.volumes[index.volume], index.fragment);
}

export async function statisticalMapFile(ctx: VolumeContext, q: StatisticalMapQuery): Promise<Uint8Array<ArrayBuffer>> {
  return niftiGz(await statisticalMapImage(ctx, q));
}

/**
 * `{min, max}` over all voxels of the region's statistical map. Non-finite voxels are skipped
 * (upstream's numpy would answer NaN, which is not JSON).
 */
export async function statisticalMapInfo(
  ctx: VolumeContext,
  q: StatisticalMapQuery,
): Promise<{ min: number; max: number }> {
  const { data } = await statisticalMapImage(ctx, q);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min && v !== -Infinity) min = v;
    if (v > max && v !== Infinity) max = v;
  }
  return { min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
}

/** The space's template; cut to `bbox` (mm, either corner order) when given. */
export async function templateFile(ctx: VolumeContext, q: TemplateQuery): Promise<Uint8Array<ArrayBuffer>> {
  const image = await templateImage(ctx, spaceBySpec(ctx.store, q.spaceId));
  return niftiGz(q.bbox ? cutToBox(image, q.bbox) : image);
}

/** `/map/resampled_template`: the template sampled on the labelled map's grid (fragment `name` if given). */
export async function resampledTemplateFile(
  ctx: VolumeContext,
  q: { parcellationId: string; spaceId: string; name?: string | null },
): Promise<Uint8Array<ArrayBuffer>> {
  const { map, space } = selectMap(ctx.store, q.parcellationId, q.spaceId, "LABELLED");
  if (map.volumes.length !== 1) {
    throw new VolumeNotSupportedError(`${map.name} has ${map.volumes.length} volumes; resampling needs one.`);
  }
  const grid = await fetchVolumeImage(ctx, map.volumes[0], q.name || null);
  return niftiGz(resampleOnto(await templateImage(ctx, space), grid));
}

/** `/map/assign` for a point string (`<x>mm,<y>mm,<z>mm`); `labelled` or statistical (anything else). */
export async function assignPoint(
  ctx: VolumeContext,
  q: { parcellationId: string; spaceId: string; point: string; assignmentType: string },
): Promise<AssignRow[]> {
  const point = parsePoint(q.point);
  const labelled = q.assignmentType.toLowerCase() === "labelled";
  const { map } = selectMap(ctx.store, q.parcellationId, q.spaceId, labelled ? "LABELLED" : "STATISTICAL");
  return labelled ? assignLabelled(ctx, map, point) : assignStatistical(ctx, map, point);
}

/** Centroid (mm) of the region's largest connected component in the space, or null (see centroid.ts). */
export function bestViewPoint(ctx: VolumeContext, region: Region, space: Space): Promise<Vec3 | null> {
  return regionCentroid(ctx, region, space);
}

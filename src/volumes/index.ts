/**
 * Public API of the volume layer (voxel data of maps and templates). Other domains (atlas download,
 * feature matching) and the volume jobs call only what is exported here.
 *
 * Specs are the region / parcellation / space specs the routes take, resolved through `ctx.store`.
 * Every function returns gzipped NIfTI-1 bytes.
 */
import type { JobContext } from "../services.ts";
import { UnavailableError } from "../errors.ts";

export type Bbox = [[number, number, number], [number, number, number]];

export type LabelledMapQuery = { parcellationId: string; spaceId: string; regionId?: string | null };
export type StatisticalMapQuery = { parcellationId: string; spaceId: string; regionId: string };
export type TemplateQuery = { spaceId: string; bbox?: Bbox | null };

/** The labelled map of (parcellation, space); with a region, its binary mask (children merged). */
export async function labelledMapFile(_ctx: JobContext, _q: LabelledMapQuery): Promise<Uint8Array> {
  throw new UnavailableError("labelled maps are being built");
}

/** The region's probability map from the first statistical map of (parcellation, space). */
export async function statisticalMapFile(_ctx: JobContext, _q: StatisticalMapQuery): Promise<Uint8Array> {
  throw new UnavailableError("statistical maps are being built");
}

/** The space's template; cut to `bbox` (mm, either corner order) when given. */
export async function templateFile(_ctx: JobContext, _q: TemplateQuery): Promise<Uint8Array> {
  throw new UnavailableError("templates are being built");
}

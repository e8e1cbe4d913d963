import type { Bbox } from "../lib/bbox.ts";

/**
 * The data files of a bundle, produced by the volume and feature layers (gzipped NIfTI bytes, a feature
 * export zip) with the job context `C`. Specs are exact ids / region names here: the bundle has
 * resolved them already.
 */
export type BundleFiles<C> = {
  statisticalMap(ctx: C, q: { parcellationId: string; spaceId: string; regionId: string }): Promise<Uint8Array>;
  labelledMap(ctx: C, q: { parcellationId: string; spaceId: string }): Promise<Uint8Array>;
  template(ctx: C, q: { spaceId: string; bbox: Bbox | null }): Promise<Uint8Array>;
  featureExport(ctx: C, featureId: string): Promise<Uint8Array>;
};

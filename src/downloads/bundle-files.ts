import type { JobContext } from "../services.ts";
import type { Bbox } from "./params.ts";

/**
 * The data files of a bundle, produced by the volume and feature layers (gzipped NIfTI bytes, a feature
 * export zip). Specs are exact ids / region names here: the bundle has resolved them already.
 */
export type BundleFiles = {
  statisticalMap(
    ctx: JobContext,
    q: { parcellationId: string; spaceId: string; regionId: string },
  ): Promise<Uint8Array>;
  labelledMap(ctx: JobContext, q: { parcellationId: string; spaceId: string }): Promise<Uint8Array>;
  template(ctx: JobContext, q: { spaceId: string; bbox: Bbox | null }): Promise<Uint8Array>;
  featureExport(ctx: JobContext, featureId: string): Promise<Uint8Array>;
};

import { VolumeNotSupportedError } from "./errors.ts";
import type { VolumeContext } from "./context.ts";
import type { Image } from "./image.ts";

/** Whole-volume reads of neuroglancer precomputed volumes (placeholder until the chunk reader lands). */
export async function loadPrecomputedImage(_ctx: VolumeContext, url: string): Promise<Image> {
  throw new VolumeNotSupportedError(`Reading neuroglancer/precomputed volumes is not supported yet (${url}).`);
}

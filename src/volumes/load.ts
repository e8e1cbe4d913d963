/**
 * Remote image files → decoded `Image`s, through the byte-bounded cache of decoded data, so a map
 * file is downloaded and decoded once while it stays hot. Only whole-file formats live here (`nii`,
 * `zip/nii`); neuroglancer volumes are read chunk by chunk (precomputed.ts).
 */
import { VolumeDataError, volumeWhat } from "./errors.ts";
import { gunzip, isGzip } from "../lib/gunzip.ts";
import { MAX_DECODED_BYTES, VOLUME_TIMEOUT_MS } from "./limits.ts";
import { zipMember } from "./zip-member.ts";
import type { VolumeContext } from "./context.ts";
import type { Image } from "./image.ts";

export type FileFormat = "nii" | "zip/nii";

/** `cache: false` decodes without keeping the image (callers that keep a compact form of it). */
export function loadNiftiImage(
  ctx: VolumeContext,
  format: FileFormat,
  url: string,
  frame = 0,
  cache = true,
): Promise<Image> {
  if (!cache) return fetchNifti(ctx, format, url, frame);
  return ctx.dataCache.getOrLoad(`volume:${format}:${url}#${frame}`, async () => {
    const image = await fetchNifti(ctx, format, url, frame);
    return { value: image, bytes: image.data.byteLength + 512 };
  });
}

async function fetchNifti(ctx: VolumeContext, format: FileFormat, spec: string, frame: number): Promise<Image> {
  const [url, member] = format === "zip/nii" ? splitZipSpec(spec) : [spec, null];
  const what = volumeWhat(spec);
  let bytes = await ctx.fetcher.bytes(url, { timeoutMs: VOLUME_TIMEOUT_MS, what });
  if (member !== null) bytes = await zipMember(bytes, url, member, MAX_DECODED_BYTES);
  if (isGzip(bytes)) bytes = await gunzip(bytes, { maxBytes: MAX_DECODED_BYTES, url, what });
  // Loaded on first decode: nifti-reader-js (and fflate under it) cost ~50 ms of start-up otherwise.
  const { parseNifti } = await import("./nifti-read.ts");
  return parseNifti(bytes, spec, { frame });
}

/** `"<zip url> <member path>"`, as the configuration writes `zip/nii` providers. */
function splitZipSpec(spec: string): [string, string] {
  const space = spec.indexOf(" ");
  if (space < 0) throw new VolumeDataError(spec, "zip/nii provider without a member name");
  return [spec.slice(0, space), spec.slice(space + 1)];
}

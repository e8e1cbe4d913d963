/**
 * NIfTI-1 single-file encoding (348-byte header, 4 extension bytes, voxels at offset 352), little
 * endian, the affine stored as sform (code 1, scanner) so readers that prefer qform fall back to it.
 */
import { DTYPES } from "./image.ts";
import type { Image } from "./image.ts";

const HEADER = 352;

export function encodeNifti(img: Image): Uint8Array<ArrayBuffer> {
  const { dims, affine, dtype, data } = img;
  const width = DTYPES[dtype].bytes;
  const out = new Uint8Array(HEADER + data.length * width);
  const view = new DataView(out.buffer);
  view.setInt32(0, 348, true);
  view.setInt16(40, 3, true);
  for (let d = 0; d < 3; d++) view.setInt16(42 + d * 2, dims[d], true);
  for (let d = 3; d < 7; d++) view.setInt16(42 + d * 2, 1, true);
  view.setInt16(70, DTYPES[dtype].code, true);
  view.setInt16(72, width * 8, true);
  view.setFloat32(76, 1, true);
  for (let d = 0; d < 3; d++) {
    view.setFloat32(80 + d * 4, Math.hypot(affine[d], affine[4 + d], affine[8 + d]), true);
  }
  view.setFloat32(108, HEADER, true);
  view.setFloat32(112, 1, true);
  out[123] = 2; // xyzt_units: millimetres
  view.setInt16(254, 1, true); // sform_code: scanner coordinates
  for (let i = 0; i < 12; i++) view.setFloat32(280 + i * 4, affine[i], true);
  out.set(new TextEncoder().encode("n+1\0"), 344);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), HEADER);
  return out;
}

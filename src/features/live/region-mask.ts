import * as nifti from "nifti-reader-js";
import { labelledMapImage } from "../../volumes/index.ts";
import { apply, invert } from "../../volumes/affine.ts";
import type { Image } from "../../volumes/image.ts";
import type { VolumeContext } from "../../volumes/context.ts";
import type { Mask } from "./gene-expressions.ts";

type Typed = ArrayLike<number>;

const ARRAYS: Record<number, (b: ArrayBuffer) => Typed> = {
  2: (b) => new Uint8Array(b),
  4: (b) => new Int16Array(b),
  8: (b) => new Int32Array(b),
  16: (b) => new Float32Array(b),
  64: (b) => new Float64Array(b),
  256: (b) => new Int8Array(b),
  512: (b) => new Uint16Array(b),
  768: (b) => new Uint32Array(b),
};

/** Inverse of a 4×4 affine whose last row is (0, 0, 0, 1). */
function invertAffine(m: number[][]): number[][] {
  const [a, b, c] = m;
  const det =
    a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
  if (!det) throw new Error("singular affine");
  const r = [
    [(b[1] * c[2] - b[2] * c[1]) / det, (a[2] * c[1] - a[1] * c[2]) / det, (a[1] * b[2] - a[2] * b[1]) / det],
    [(b[2] * c[0] - b[0] * c[2]) / det, (a[0] * c[2] - a[2] * c[0]) / det, (a[2] * b[0] - a[0] * b[2]) / det],
    [(b[0] * c[1] - b[1] * c[0]) / det, (a[1] * c[0] - a[0] * c[1]) / det, (a[0] * b[1] - a[1] * b[0]) / det],
  ];
  const t = [a[3], b[3], c[3]];
  return r.map((row) => [...row, -(row[0] * t[0] + row[1] * t[1] + row[2] * t[2])]);
}

/**
 * A NIfTI-1 mask (gzipped or not) as a point test, the way siibra's `Point.intersects(mask)` does it:
 * voxel = int(inverse(affine) · xyz + 0.5) (truncating), outside the grid or 0 → not contained.
 * The affine is nibabel's: sform, else qform, else the voxel sizes.
 */
export function maskFromNifti(bytes: Uint8Array): Mask {
  let buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  if (nifti.isCompressed(buffer)) buffer = nifti.decompress(buffer) as ArrayBuffer;
  if (!nifti.isNIFTI(buffer)) throw new Error("not a NIfTI file");
  const header = nifti.readHeader(buffer);
  const read = ARRAYS[header.datatypeCode];
  if (!read || !header.littleEndian) throw new Error(`unsupported NIfTI data type ${header.datatypeCode}`);
  const data = read(nifti.readImage(header, buffer));
  const [nx, ny, nz] = [header.dims[1], header.dims[2], header.dims[3]];
  const affine =
    header.sform_code > 0
      ? header.affine
      : header.qform_code > 0
        ? header.getQformMat()
        : [
            [header.pixDims[1], 0, 0, 0],
            [0, header.pixDims[2], 0, 0],
            [0, 0, header.pixDims[3], 0],
          ];
  const inv = invertAffine(affine);
  return ([x, y, z]) => {
    const v = inv.map((r) => Math.trunc(r[0] * x + r[1] * y + r[2] * z + r[3] + 0.5));
    if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[0] >= nx || v[1] >= ny || v[2] >= nz) return false;
    return data[v[0] + nx * (v[1] + ny * v[2])] !== 0;
  };
}

/** A decoded volume as a point test (same rule as `maskFromNifti`). */
function maskFromImage(image: Image): Mask {
  const inv = invert(image.affine);
  if (!inv) throw new Error("singular affine");
  const [nx, ny, nz] = image.dims;
  return (xyz) => {
    const v = apply(inv, xyz).map((c) => Math.trunc(c + 0.5));
    if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[0] >= nx || v[1] >= ny || v[2] >= nz) return false;
    return image.data[v[0] + nx * (v[1] + ny * v[2])] !== 0;
  };
}

const MNI152_SPACE = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

/**
 * The region's labelled mask in MNI152 (`region.fetch_regional_map(mni152, LABELLED)`), from the
 * volume layer (children merged); its failures (502/503/504 of the map's host, no labelled map of the
 * parcellation in MNI152) pass through.
 */
export async function mni152RegionMask(ctx: VolumeContext, parcellationId: string, regionName: string): Promise<Mask> {
  const image = await labelledMapImage(ctx, { parcellationId, spaceId: MNI152_SPACE, regionId: regionName });
  return maskFromImage(image);
}

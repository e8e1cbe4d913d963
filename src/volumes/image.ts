import type { Affine } from "./affine.ts";

/** NIfTI datatype codes this layer reads and writes, with their byte widths and typed arrays. */
export const DTYPES = {
  uint8: { code: 2, bytes: 1, array: Uint8Array },
  int16: { code: 4, bytes: 2, array: Int16Array },
  int32: { code: 8, bytes: 4, array: Int32Array },
  float32: { code: 16, bytes: 4, array: Float32Array },
  float64: { code: 64, bytes: 8, array: Float64Array },
  int8: { code: 256, bytes: 1, array: Int8Array },
  uint16: { code: 512, bytes: 2, array: Uint16Array },
  uint32: { code: 768, bytes: 4, array: Uint32Array },
} as const;

export type Dtype = keyof typeof DTYPES;

export type VoxelArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/**
 * A decoded 3D volume: voxel values in NIfTI order (x fastest, then y, then z) and the affine that
 * maps voxel indices to millimetres (nibabel's "best" affine).
 */
export type Image = {
  dims: [number, number, number];
  affine: Affine;
  dtype: Dtype;
  data: VoxelArray;
};

export function dtypeOfCode(code: number): Dtype | null {
  for (const [name, d] of Object.entries(DTYPES)) if (d.code === code) return name as Dtype;
  return null;
}

export function voxelCount(dims: readonly number[]): number {
  return dims[0] * dims[1] * dims[2];
}

/** Value at integer voxel (i, j, k), or 0 outside the grid. */
export function valueAt(img: Image, i: number, j: number, k: number): number {
  const [nx, ny, nz] = img.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
  return img.data[i + nx * (j + ny * k)];
}

/**
 * Synthetic NIfTI-1 files for tests, written field by field from the NIfTI-1 specification (not with
 * the code under test): dims, datatype, sform/qform, scaling, endianness, extra frames.
 */
export type NiftiSpec = {
  dims: [number, number, number] | [number, number, number, number];
  /** NIfTI datatype code: 2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 512 uint16, … */
  datatype: number;
  /** Voxel values in file order (x fastest); length = product of dims. */
  values: ArrayLike<number>;
  /** Row-major 3×4 (sform rows); default: 1 mm identity. */
  srow?: number[];
  sformCode?: number;
  qform?: { code: number; b: number; c: number; d: number; offset: [number, number, number]; qfac?: number };
  pixdim?: [number, number, number];
  slope?: number;
  inter?: number;
  bigEndian?: boolean;
};

const WIDTH: Record<number, number> = { 2: 1, 4: 2, 8: 4, 16: 4, 64: 8, 256: 1, 512: 2, 768: 4, 128: 3 };

export function niftiBytes(spec: NiftiSpec): Uint8Array<ArrayBuffer> {
  const le = !spec.bigEndian;
  const width = WIDTH[spec.datatype] ?? 4;
  const out = new Uint8Array(352 + spec.values.length * width);
  const view = new DataView(out.buffer);
  view.setInt32(0, 348, le);
  view.setInt16(40, spec.dims.length, le);
  for (const [d, n] of spec.dims.entries()) view.setInt16(42 + d * 2, n, le);
  view.setInt16(70, spec.datatype, le);
  view.setInt16(72, width * 8, le);
  const pix = spec.pixdim ?? [1, 1, 1];
  view.setFloat32(76, spec.qform?.qfac ?? 1, le);
  for (const [d, p] of pix.entries()) view.setFloat32(80 + d * 4, p, le);
  view.setFloat32(108, 352, le);
  view.setFloat32(112, spec.slope ?? 0, le);
  view.setFloat32(116, spec.inter ?? 0, le);
  if (spec.qform) {
    view.setInt16(252, spec.qform.code, le);
    view.setFloat32(256, spec.qform.b, le);
    view.setFloat32(260, spec.qform.c, le);
    view.setFloat32(264, spec.qform.d, le);
    for (const [d, o] of spec.qform.offset.entries()) view.setFloat32(268 + d * 4, o, le);
  }
  const sformCode = spec.sformCode ?? (spec.qform ? 0 : 1);
  view.setInt16(254, sformCode, le);
  const srow = spec.srow ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
  for (const [i, v] of srow.entries()) view.setFloat32(280 + i * 4, v, le);
  out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  for (let i = 0; i < spec.values.length; i++) {
    const at = 352 + i * width;
    const v = spec.values[i];
    switch (spec.datatype) {
      case 2: view.setUint8(at, v); break;
      case 256: view.setInt8(at, v); break;
      case 4: view.setInt16(at, v, le); break;
      case 512: view.setUint16(at, v, le); break;
      case 8: view.setInt32(at, v, le); break;
      case 768: view.setUint32(at, v, le); break;
      case 16: view.setFloat32(at, v, le); break;
      case 64: view.setFloat64(at, v, le); break;
      default: break;
    }
  } // biome-ignore format: one case per line
  return out;
}

export function niftiGz(spec: NiftiSpec): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Bun.gzipSync(niftiBytes(spec)));
}

/** Index of voxel (i, j, k) in file order. */
export function at(dims: readonly number[], i: number, j: number, k: number): number {
  return i + dims[0] * (j + dims[1] * k);
}

/** Applies a row-major 3×4 affine to a voxel index. */
export function toMm(srow: readonly number[], v: readonly number[]): [number, number, number] {
  return [0, 1, 2]
    .map((r) => srow[r * 4] * v[0] + srow[r * 4 + 1] * v[1] + srow[r * 4 + 2] * v[2] + srow[r * 4 + 3])
    .slice(0, 3) as [number, number, number];
}

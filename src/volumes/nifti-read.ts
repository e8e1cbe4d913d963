/**
 * NIfTI-1/-2 decoding: the header through nifti-reader-js, the affine as nibabel chooses it (sform,
 * else qform, else the centred base affine), the voxels copied out of the file into a typed array.
 * Every inconsistency is a `VolumeDataError` naming the file; nothing is allocated from header
 * values before they have been checked against the bytes actually present.
 */
import { type NIFTI1, NIFTI2, isNIFTI, readHeader } from "nifti-reader-js";
import { VolumeDataError } from "./errors.ts";
import { DTYPES, dtypeOfCode, voxelCount } from "./image.ts";
import type { Affine } from "./affine.ts";
import type { Image } from "./image.ts";

export type ReadOptions = {
  /** 4D files: which 3D frame (siibra's `z` index of DiFuMo-style maps); default 0. */
  frame?: number;
};

export function parseNifti(bytes: Uint8Array<ArrayBuffer>, source: string, opts: ReadOptions = {}): Image {
  const buffer =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  if (buffer.byteLength < 348 || !isNIFTI(buffer)) throw new VolumeDataError(source, "not a NIfTI-1/2 file");
  let header: NIFTI1 | NIFTI2;
  try {
    header = readHeader(buffer);
  } catch (err) {
    throw new VolumeDataError(source, `unreadable NIfTI header (${err instanceof Error ? err.message : String(err)})`);
  }
  const rank = header.dims[0];
  if (!(rank >= 1 && rank <= 7)) throw new VolumeDataError(source, `invalid dimension count ${rank}`);
  const dims = [1, 2, 3].map((d) => (d <= rank ? header.dims[d] : 1)) as [number, number, number];
  if (dims.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new VolumeDataError(source, `invalid dimensions ${dims.join("×")}`);
  }
  const frames = rank >= 4 ? header.dims.slice(4, rank + 1).reduce((a, b) => a * Math.max(b, 1), 1) : 1;
  const frame = opts.frame ?? 0;
  if (frame >= frames) throw new VolumeDataError(source, `frame ${frame} requested, the file has ${frames}`);
  const dtype = dtypeOfCode(header.datatypeCode);
  if (dtype === null) throw new VolumeDataError(source, `unsupported NIfTI datatype code ${header.datatypeCode}`);
  const width = DTYPES[dtype].bytes;
  const nvox = voxelCount(dims);
  const offset = Math.max(Math.floor(header.vox_offset), header instanceof NIFTI2 ? 544 : 348);
  const start = offset + frame * nvox * width;
  const end = start + nvox * width;
  if (!Number.isSafeInteger(end) || end > buffer.byteLength) {
    throw new VolumeDataError(
      source,
      `truncated: ${dims.join("×")} ${dtype} voxels need ${end} bytes, the file has ${buffer.byteLength}`,
    );
  }
  const raw = new Uint8Array(buffer.slice(start, end));
  if (!header.littleEndian && width > 1) swapBytes(raw, width);
  let data = new DTYPES[dtype].array(raw.buffer);
  let outType = dtype;
  const slope = header.scl_slope;
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  // nibabel applies the scaling unless the slope is 0/NaN or the pair is the identity.
  if (Number.isFinite(slope) && slope !== 0 && (slope !== 1 || inter !== 0)) {
    const scaled = new Float32Array(nvox);
    for (let i = 0; i < nvox; i++) scaled[i] = data[i] * slope + inter;
    data = scaled;
    outType = "float32";
  }
  const affine = bestAffine(header, buffer, dims);
  if (affine.some((v) => !Number.isFinite(v))) throw new VolumeDataError(source, "non-finite affine");
  return { dims, affine, dtype: outType, data };
}

function swapBytes(raw: Uint8Array, width: number): void {
  for (let i = 0; i < raw.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = raw[a];
      raw[a] = raw[b];
      raw[b] = t;
    }
  }
}

/** nibabel's `get_best_affine`: sform if its code is set, else qform, else the centred base affine. */
function bestAffine(h: NIFTI1 | NIFTI2, buffer: ArrayBuffer, dims: readonly number[]): Affine {
  const zooms = [h.pixDims[1], h.pixDims[2], h.pixDims[3]].map((z) => (Number.isFinite(z) && z !== 0 ? z : 1));
  if (h.sform_code > 0) return sform(h, buffer);
  if (h.qform_code > 0) return qform(h, zooms);
  return [
    -zooms[0], 0, 0, ((dims[0] - 1) / 2) * zooms[0],
    0, zooms[1], 0, -((dims[1] - 1) / 2) * zooms[1],
    0, 0, zooms[2], -((dims[2] - 1) / 2) * zooms[2],
    0, 0, 0, 1,
  ]; // biome-ignore format: matrix layout
}

function sform(h: NIFTI1 | NIFTI2, buffer: ArrayBuffer): Affine {
  const view = new DataView(buffer);
  const nifti2 = h instanceof NIFTI2;
  const out: number[] = [];
  for (let i = 0; i < 12; i++) {
    out.push(nifti2 ? view.getFloat64(400 + i * 8, h.littleEndian) : view.getFloat32(280 + i * 4, h.littleEndian));
  }
  return [...out, 0, 0, 0, 1];
}

function qform(h: NIFTI1 | NIFTI2, zooms: number[]): Affine {
  const [b, c, d] = [h.quatern_b, h.quatern_c, h.quatern_d];
  const sq = 1 - (b * b + c * c + d * d);
  const a = sq > 0 ? Math.sqrt(sq) : 0;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const qfac = h.pixDims[0] === -1 ? -1 : 1;
  const s = [zooms[0], zooms[1], zooms[2] * qfac];
  const t = [h.qoffset_x, h.qoffset_y, h.qoffset_z];
  return [0, 1, 2]
    .flatMap((row) => [r[row][0] * s[0], r[row][1] * s[1], r[row][2] * s[2], t[row]])
    .concat([0, 0, 0, 1]);
}

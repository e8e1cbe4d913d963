/**
 * Neuroglancer precomputed chunk decoding, from the format specification
 * (github.com/google/neuroglancer/blob/master/src/datasource/precomputed/volume.md):
 * - `raw`: little-endian voxels, x fastest, then y, z, channel;
 * - `compressed_segmentation`: per channel, a grid of blocks; each block has a 2-word header
 *   (lookup-table offset in the low 24 bits + bit width in the high 8 bits, then the offset of the
 *   packed values), packed indices (x fastest, little-endian within 32-bit words) into a table of
 *   32-bit (uint32) or 64-bit (uint64, low word first) labels. Offsets count 32-bit words from the
 *   start of the channel.
 * Only channel 0 is returned (siibra's default); uint64 labels keep their low 32 bits.
 */
import { VolumeDataError } from "./errors.ts";
import type { Dtype, VoxelArray } from "./image.ts";

export const NG_DTYPES: Record<string, { dtype: Dtype; bytes: number }> = {
  uint8: { dtype: "uint8", bytes: 1 },
  int8: { dtype: "int8", bytes: 1 },
  uint16: { dtype: "uint16", bytes: 2 },
  int16: { dtype: "int16", bytes: 2 },
  uint32: { dtype: "uint32", bytes: 4 },
  int32: { dtype: "int32", bytes: 4 },
  uint64: { dtype: "uint32", bytes: 8 },
  float32: { dtype: "float32", bytes: 4 },
};

export type ChunkShape = { size: [number, number, number]; dataType: string; encoding: string; block?: number[] };

export function decodeChunk(bytes: Uint8Array, shape: ChunkShape, source: string): VoxelArray {
  const type = NG_DTYPES[shape.dataType];
  if (!type) throw new VolumeDataError(source, `unsupported data_type ${shape.dataType}`);
  const n = shape.size[0] * shape.size[1] * shape.size[2];
  if (shape.encoding === "raw") return decodeRaw(bytes, n, shape.dataType, source);
  if (shape.encoding === "compressed_segmentation") {
    if (shape.dataType !== "uint32" && shape.dataType !== "uint64") {
      throw new VolumeDataError(source, `compressed_segmentation of ${shape.dataType}`);
    }
    return decodeCompressedSegmentation(
      bytes,
      shape.size,
      shape.block ?? [8, 8, 8],
      shape.dataType === "uint64",
      source,
    );
  }
  throw new VolumeDataError(source, `unsupported encoding ${shape.encoding}`);
}

function decodeRaw(bytes: Uint8Array, n: number, dataType: string, source: string): VoxelArray {
  const { dtype, bytes: width } = NG_DTYPES[dataType];
  if (bytes.byteLength < n * width) {
    throw new VolumeDataError(source, `raw chunk of ${bytes.byteLength} bytes, ${n} voxels need ${n * width}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case "uint8":
      return bytes.slice(0, n);
    case "int8":
      return new Int8Array(bytes.slice(0, n).buffer);
    default: {
      const out = makeArray(dtype, n);
      for (let i = 0; i < n; i++) {
        const at = i * width;
        out[i] =
          dtype === "uint16"
            ? view.getUint16(at, true)
            : dtype === "int16"
              ? view.getInt16(at, true)
              : dtype === "int32"
                ? view.getInt32(at, true)
                : dtype === "float32"
                  ? view.getFloat32(at, true)
                  : view.getUint32(at, true); // uint32, and the low word of uint64
      }
      return out;
    }
  }
}

function makeArray(dtype: Dtype, n: number): VoxelArray {
  switch (dtype) {
    case "uint16":
      return new Uint16Array(n);
    case "int16":
      return new Int16Array(n);
    case "int32":
      return new Int32Array(n);
    case "float32":
      return new Float32Array(n);
    default:
      return new Uint32Array(n);
  }
}

function decodeCompressedSegmentation(
  bytes: Uint8Array,
  size: [number, number, number],
  block: number[],
  uint64: boolean,
  source: string,
): Uint32Array {
  const words = bytes.byteLength >> 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, words * 4);
  const word = (i: number) => {
    if (i < 0 || i >= words) throw new VolumeDataError(source, "compressed_segmentation offset outside the chunk");
    return view.getUint32(i * 4, true);
  };
  const [sx, sy, sz] = size;
  const [bx, by, bz] = block;
  if (!(bx > 0 && by > 0 && bz > 0)) throw new VolumeDataError(source, `invalid block size ${block.join("×")}`);
  const grid = [Math.ceil(sx / bx), Math.ceil(sy / by), Math.ceil(sz / bz)];
  const out = new Uint32Array(sx * sy * sz);
  const channel = word(0); // offset of channel 0's data (1 for a single channel)
  const entry = uint64 ? 2 : 1;
  for (let gz = 0; gz < grid[2]; gz++) {
    for (let gy = 0; gy < grid[1]; gy++) {
      for (let gx = 0; gx < grid[0]; gx++) {
        const header = channel + 2 * (gx + grid[0] * (gy + grid[1] * gz));
        const h0 = word(header);
        const table = channel + (h0 & 0xffffff);
        const bits = h0 >>> 24;
        const values = channel + word(header + 1);
        if (![0, 1, 2, 4, 8, 16, 32].includes(bits)) throw new VolumeDataError(source, `invalid bit width ${bits}`);
        for (let z = 0; z < bz; z++) {
          const vz = gz * bz + z;
          if (vz >= sz) break;
          for (let y = 0; y < by; y++) {
            const vy = gy * by + y;
            if (vy >= sy) break;
            for (let x = 0; x < bx; x++) {
              const vx = gx * bx + x;
              if (vx >= sx) break;
              let index = 0;
              if (bits > 0) {
                const bit = (x + bx * (y + by * z)) * bits;
                index = (word(values + (bit >>> 5)) >>> (bit & 31)) & (bits === 32 ? 0xffffffff : (1 << bits) - 1);
              }
              out[vx + sx * (vy + sy * vz)] = word(table + index * entry);
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Neuroglancer precomputed volumes: `info` + `transform.json` (voxel → nm of scale 0 voxels; identity
 * when absent, as siibra), scales ordered finest first. Whole-volume reads use the coarsest scale
 * (siibra 0.4's default for `fetch()`); point look-ups read the one chunk of the finest scale that
 * holds the voxel. Chunks are cached decoded; voxel indices are relative to `voxel_offset`.
 */
import { apply, invert, multiply } from "./affine.ts";
import { decodeChunk, NG_DTYPES } from "./precomputed-chunks.ts";
import { VolumeDataError, volumeWhat } from "./errors.ts";
import { DTYPES, voxelCount } from "./image.ts";
import { FETCH_CONCURRENCY, MAX_DECODED_BYTES, VOLUME_TIMEOUT_MS } from "./limits.ts";
import { gunzip, isGzip } from "../lib/gunzip.ts";
import { RemoteBadDataError } from "../lib/remote-errors.ts";
import type { VolumeContext } from "./context.ts";
import type { Affine, Vec3 } from "./affine.ts";
import type { Image, VoxelArray } from "./image.ts";

type Scale = {
  key: string;
  size: Vec3;
  resolution: Vec3;
  offset: Vec3;
  chunk: Vec3;
  encoding: string;
  block?: number[];
  affine: Affine;
};
type NgVolume = { url: string; dataType: string; scales: Scale[] };

function vec(value: unknown, what: string, url: string): Vec3 {
  const v = Array.isArray(value) && Array.isArray(value[0]) ? value[0] : value;
  if (!Array.isArray(v) || v.length < 3 || !v.slice(0, 3).every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new VolumeDataError(`${url}/info`, `scale ${what} is not three numbers`);
  }
  return [v[0], v[1], v[2]];
}

function ngVolume(ctx: VolumeContext, url: string): Promise<NgVolume> {
  return ctx.dataCache.getOrLoad(`ng:${url}`, async () => {
    const what = volumeWhat(`${url}/info`);
    const info = (await ctx.fetcher.json(`${url}/info`, { timeoutMs: VOLUME_TIMEOUT_MS, what })) as Record<
      string,
      unknown
    >;
    const transform = await transformNm(ctx, url);
    const dataType = String(info?.data_type);
    if (!NG_DTYPES[dataType]) throw new VolumeDataError(`${url}/info`, `unsupported data_type ${dataType}`);
    if (!Array.isArray(info.scales) || info.scales.length === 0) throw new VolumeDataError(`${url}/info`, "no scales");
    const scales = (info.scales as Record<string, unknown>[]).map((s) => {
      const size = vec(s.size, "size", url);
      const resolution = vec(s.resolution, "resolution", url);
      const chunk = vec(s.chunk_sizes, "chunk_sizes", url);
      if (size.some((n) => n < 1) || chunk.some((n) => n < 1)) throw new VolumeDataError(`${url}/info`, "empty scale");
      const scaling = [resolution[0], 0, 0, 0, 0, resolution[1], 0, 0, 0, 0, resolution[2], 0, 0, 0, 0, 1];
      const nm = multiply(transform, scaling);
      const affine = nm.map((v, i) => (i < 12 ? v / 1e6 : v));
      return {
        key: String(s.key),
        size,
        resolution,
        offset: s.voxel_offset === undefined ? ([0, 0, 0] as Vec3) : vec(s.voxel_offset, "voxel_offset", url),
        chunk,
        encoding: String(s.encoding),
        block: Array.isArray(s.compressed_segmentation_block_size)
          ? (s.compressed_segmentation_block_size as number[])
          : undefined,
        affine,
      };
    });
    scales.sort(
      (a, b) =>
        a.resolution[0] * a.resolution[1] * a.resolution[2] - b.resolution[0] * b.resolution[1] * b.resolution[2],
    );
    return { value: { url, dataType, scales }, bytes: 4096 };
  });
}

async function transformNm(ctx: VolumeContext, url: string): Promise<Affine> {
  try {
    const t = await ctx.fetcher.json(`${url}/transform.json`, {
      timeoutMs: VOLUME_TIMEOUT_MS,
      what: volumeWhat(`${url}/transform.json`),
    });
    const rows = Array.isArray(t) ? t.flat() : [];
    if (rows.length < 12 || !rows.every((x) => typeof x === "number")) {
      throw new VolumeDataError(`${url}/transform.json`, "not a 4×4 matrix");
    }
    return [...rows.slice(0, 12), 0, 0, 0, 1];
  } catch (err) {
    // A missing transform.json means identity for siibra; other failures are failures.
    if (err instanceof RemoteBadDataError && err.httpStatus === 404)
      return [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    throw err;
  }
}

function chunkName(scale: Scale, g: Vec3): string {
  const parts = [0, 1, 2].map((d) => {
    const begin = scale.offset[d] + g[d] * scale.chunk[d];
    const end = Math.min(begin + scale.chunk[d], scale.offset[d] + scale.size[d]);
    return `${begin}-${end}`;
  });
  return `${scale.key}/${parts.join("_")}`;
}

function chunkSize(scale: Scale, g: Vec3): Vec3 {
  return [0, 1, 2].map((d) => Math.min(scale.chunk[d], scale.size[d] - g[d] * scale.chunk[d])) as Vec3;
}

function readChunk(ctx: VolumeContext, vol: NgVolume, scale: Scale, g: Vec3): Promise<VoxelArray> {
  const url = `${vol.url}/${chunkName(scale, g)}`;
  return ctx.dataCache.getOrLoad(`ng-chunk:${url}`, async () => {
    const what = volumeWhat(url);
    let bytes = await ctx.fetcher.bytes(url, { timeoutMs: VOLUME_TIMEOUT_MS, what });
    if (isGzip(bytes)) bytes = await gunzip(bytes, { maxBytes: MAX_DECODED_BYTES, url, what });
    const size = chunkSize(scale, g);
    const data = decodeChunk(
      bytes,
      { size, dataType: vol.dataType, encoding: scale.encoding, block: scale.block },
      url,
    );
    return { value: data, bytes: data.byteLength + 128 };
  });
}

/** The whole volume at its coarsest scale, as one image (siibra's `fetch()` default). */
export async function loadPrecomputedImage(ctx: VolumeContext, url: string): Promise<Image> {
  const vol = await ngVolume(ctx, url);
  const scale = vol.scales[vol.scales.length - 1];
  const dtype = NG_DTYPES[vol.dataType].dtype;
  if (voxelCount(scale.size) * DTYPES[dtype].bytes > MAX_DECODED_BYTES) {
    throw new VolumeDataError(url, `coarsest scale ${scale.size.join("×")} is larger than ${MAX_DECODED_BYTES} bytes`);
  }
  const data = new DTYPES[dtype].array(voxelCount(scale.size));
  const grid = [0, 1, 2].map((d) => Math.ceil(scale.size[d] / scale.chunk[d]));
  const chunks: Vec3[] = [];
  for (let z = 0; z < grid[2]; z++)
    for (let y = 0; y < grid[1]; y++) for (let x = 0; x < grid[0]; x++) chunks.push([x, y, z]);
  let next = 0;
  const [nx, ny] = scale.size;
  const worker = async () => {
    while (next < chunks.length) {
      const g = chunks[next++];
      const chunk = await readChunk(ctx, vol, scale, g);
      const [cx, cy, cz] = chunkSize(scale, g);
      const origin = g.map((v, d) => v * scale.chunk[d]);
      for (let z = 0; z < cz; z++) {
        for (let y = 0; y < cy; y++) {
          const to = origin[0] + nx * (origin[1] + y + ny * (origin[2] + z));
          data.set(chunk.subarray(cx * (y + cy * z), cx * (y + cy * z) + cx), to);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, chunks.length) }, worker));
  return { dims: scale.size, affine: scale.affine, dtype, data };
}

/** Value at the voxel (finest scale) nearest to a point in mm; 0 outside. Reads one chunk. */
export async function precomputedValueAt(ctx: VolumeContext, url: string, point: Vec3): Promise<number> {
  const vol = await ngVolume(ctx, url);
  const scale = vol.scales[0];
  const inverse = invert(scale.affine);
  if (!inverse) throw new VolumeDataError(url, "singular transform");
  const v = apply(inverse, point).map((x) => Math.floor(x + 0.5));
  if (v.some((x, d) => x < 0 || x >= scale.size[d])) return 0;
  const g = v.map((x, d) => Math.floor(x / scale.chunk[d])) as Vec3;
  const chunk = await readChunk(ctx, vol, scale, g);
  const [cx, cy] = chunkSize(scale, g);
  const l = v.map((x, d) => x - g[d] * scale.chunk[d]);
  return chunk[l[0] + cx * (l[1] + cy * l[2])];
}

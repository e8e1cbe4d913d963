/**
 * A compact, in-memory form of a statistical map for point look-ups: every region's probability
 * volume cropped to the box of its nonzero voxels (float32). A JBA probability map covers a small
 * part of the brain, so ~400 of them fit in tens of MB instead of ~14 GB of full grids, and a point
 * is answered by one box test per region. Built once per map (all files downloaded, a few at a
 * time), kept in the byte-bounded data cache.
 */
import { apply, invert } from "./affine.ts";
import { VolumeDataError } from "./errors.ts";
import { fragmentUrl, imageProvider, loadProviderImage } from "./fragments.ts";
import { FETCH_CONCURRENCY } from "./limits.ts";
import type { VolumeContext } from "./context.ts";
import type { ParcellationMap } from "../atlas/model.ts";
import type { Affine, Vec3 } from "./affine.ts";
import type { Image } from "./image.ts";

export type IndexEntry = { name: string; valueAt(point: Vec3): number; bytes: number };

export function statisticalIndex(ctx: VolumeContext, map: ParcellationMap): Promise<IndexEntry[]> {
  return ctx.dataCache.getOrLoad(`statistical-index:${map.id}`, async () => {
    const jobs = Object.entries(map.indices).flatMap(([name, entries]) => entries.map((e) => ({ name, e })));
    const entries: IndexEntry[] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const n = next++;
        const { name, e } = jobs[n];
        const volume = map.volumes[e.volume];
        const provider = volume && imageProvider(volume);
        if (!provider) continue;
        const image = await loadProviderImage(ctx, provider, fragmentUrl(provider, e.fragment), false);
        entries[n] = cropEntry(name, image);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, jobs.length) }, worker));
    const kept = entries.filter((x) => x !== undefined);
    return { value: kept, bytes: kept.reduce((sum, x) => sum + x.bytes, 0) + 1024 };
  });
}

function cropEntry(name: string, image: Image): IndexEntry {
  const [nx, ny] = image.dims;
  const src = image.data;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  const nz = image.dims[2];
  // Nested loops instead of div/mod per voxel: this scan runs over every voxel of ~400 maps.
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const v = src[n];
        if (!(v > 0) || v === Infinity) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  const inverse = invert(image.affine);
  if (!inverse) throw new VolumeDataError(name, "singular affine");
  if (hi[0] < 0) return { name, valueAt: () => 0, bytes: 64 };
  const size = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const crop = new Float32Array(size[0] * size[1] * size[2]);
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      const from = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      const to = size[0] * (j + size[1] * k);
      for (let i = 0; i < size[0]; i++) {
        const v = src[from + i];
        // Non-finite values (NaN, ±Inf) carry no probability.
        crop[to + i] = Number.isFinite(v) ? v : 0;
      }
    }
  }
  return { name, valueAt: lookup(inverse, lo, size, crop), bytes: crop.byteLength + 128 };
}

function lookup(inverse: Affine, lo: number[], size: number[], crop: Float32Array) {
  return (point: Vec3): number => {
    const p = apply(inverse, point);
    const i = Math.floor(p[0] + 0.5) - lo[0];
    const j = Math.floor(p[1] + 0.5) - lo[1];
    const k = Math.floor(p[2] + 0.5) - lo[2];
    if (i < 0 || j < 0 || k < 0 || i >= size[0] || j >= size[1] || k >= size[2]) return 0;
    return crop[i + size[0] * (j + size[1] * k)];
  };
}

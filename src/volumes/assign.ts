/**
 * `/map/assign` for points: the labelled map's label at the point's voxel (one row per volume and
 * fragment carrying a mapped label), or the probability of every region of the statistical map at
 * that voxel (highest first). Voxel = round(inverse affine · point), as siibra does.
 *
 * Columns (siibra v2's point lookup, `regionname` named `region` as siibra-explorer requires):
 * `input_structure_index`, `centroid` (the input point, mm), `map_value`, `region`.
 */
import { apply, invert } from "./affine.ts";
import { fetchVolumeImage, fragmentUrl, imageProvider } from "./fragments.ts";
import { precomputedValueAt } from "./precomputed-image.ts";
import { VolumeDataError } from "./errors.ts";
import { valueAt } from "./image.ts";
import { statisticalIndex } from "./statistical-index.ts";
import type { VolumeContext } from "./context.ts";
import type { ParcellationMap, Volume } from "../atlas/model.ts";
import type { ImageProvider } from "./fragments.ts";
import type { Image } from "./image.ts";
import type { Vec3 } from "./affine.ts";

export const ASSIGN_COLUMNS = ["input_structure_index", "centroid", "map_value", "region"] as const;

export type AssignRow = [number, Vec3, number, string];

function voxelOf(image: Image, point: Vec3): Vec3 {
  const inverse = invert(image.affine);
  if (!inverse) throw new VolumeDataError("map volume", "singular affine");
  return apply(inverse, point).map((v) => Math.floor(v + 0.5)) as Vec3;
}

export async function assignLabelled(ctx: VolumeContext, map: ParcellationMap, point: Vec3): Promise<AssignRow[]> {
  const names = labelNames(map);
  const rows: AssignRow[] = [];
  for (let v = 0; v < map.volumes.length; v++) {
    const provider = imageProvider(map.volumes[v]);
    if (!provider) continue;
    const fragments = typeof provider.value === "string" ? [null] : Object.keys(provider.value);
    for (const fragment of fragments) {
      const value = await labelAt(ctx, provider, map.volumes[v], fragment, point);
      if (!(value > 0)) continue;
      const name = names.get(`${v}|${fragment ?? ""}|${value}`) ?? names.get(`${v}||${value}`);
      if (name !== undefined) rows.push([0, point, value, name]);
    }
  }
  return rows;
}

/** Precomputed volumes answer from the one chunk holding the voxel; files are read whole (cached). */
async function labelAt(
  ctx: VolumeContext,
  provider: ImageProvider,
  volume: Volume,
  fragment: string | null,
  point: Vec3,
): Promise<number> {
  if (provider.format === "neuroglancer/precomputed") {
    return precomputedValueAt(ctx, fragmentUrl(provider, fragment), point);
  }
  const image = await fetchVolumeImage(ctx, volume, fragment);
  const [i, j, k] = voxelOf(image, point);
  return valueAt(image, i, j, k);
}

const NAMES = new WeakMap<ParcellationMap, Map<string, string>>();

/** `(volume, fragment, label)` → region name, first index entry wins (siibra's `get_region`). */
function labelNames(map: ParcellationMap): Map<string, string> {
  let names = NAMES.get(map);
  if (!names) {
    names = new Map();
    for (const [name, entries] of Object.entries(map.indices)) {
      for (const e of entries) {
        const key = `${e.volume}|${e.fragment ?? ""}|${e.label}`;
        if (!names.has(key)) names.set(key, name);
      }
    }
    NAMES.set(map, names);
  }
  return names;
}

export async function assignStatistical(ctx: VolumeContext, map: ParcellationMap, point: Vec3): Promise<AssignRow[]> {
  const index = await statisticalIndex(ctx, map);
  const rows: AssignRow[] = [];
  for (const entry of index) {
    const value = entry.valueAt(point);
    if (value > 0) rows.push([0, point, value, entry.name]);
  }
  // Stable: equal probabilities keep the map's index order.
  return rows.sort((a, b) => b[2] - a[2]);
}

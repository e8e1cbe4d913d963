/**
 * siibra 0.4 `Region.fetch_regional_map(space, LABELLED)`: the first labelled image map of the
 * region's parcellation in the space that indexes the region gives its mask (voxels equal to its
 * label); otherwise, when every child is mapped, the union of the children's masks. Children that
 * live in the same volume are masked in one pass over it.
 */
import { DetailNotFoundError } from "../errors.ts";
import { VolumeNotSupportedError } from "./errors.ts";
import { sameAffine } from "./affine.ts";
import { fetchVolumeImage, providesImage } from "./fragments.ts";
import { mapIndexOf } from "./maps.ts";
import type { VolumeContext } from "./context.ts";
import type { AtlasStore } from "../atlas/store.ts";
import type { MapIndex, ParcellationMap, Region, Space } from "../atlas/model.ts";
import type { Image } from "./image.ts";

type LeafSource = { map: ParcellationMap; index: MapIndex };

/** siibra's `Region.mapped_in_space` (any map type, any format). */
export function mappedInSpace(store: AtlasStore, region: Region, space: Space): boolean {
  const direct = store.maps.some(
    (m) => m.spaceId === space.id && m.parcellationId === region.parcellation.id && m.indices[region.name]?.length,
  );
  if (direct) return true;
  return region.children.length > 0 && region.children.every((c) => mappedInSpace(store, c, space));
}

function leafSources(store: AtlasStore, region: Region, space: Space): LeafSource[] | null {
  const map = store.maps.find(
    (m) =>
      m.spaceId === space.id &&
      m.parcellationId === region.parcellation.id &&
      m.maptype === "LABELLED" &&
      m.volumes.some(providesImage) &&
      m.indices[region.name]?.length,
  );
  if (map) return [{ map, index: mapIndexOf(map, region.parcellation, region) }];
  if (region.children.length === 0 || !region.children.every((c) => mappedInSpace(store, c, space))) return null;
  const all: LeafSource[] = [];
  for (const child of region.children) {
    const sources = leafSources(store, child, space);
    if (sources === null) return null;
    all.push(...sources);
  }
  return all.length > 0 ? all : null;
}

export async function regionalMask(ctx: VolumeContext, region: Region, space: Space): Promise<Image> {
  const sources = leafSources(ctx.store, region, space);
  if (sources === null) {
    throw new DetailNotFoundError(`Cannot build mask for ${region.name} from LABELLED maps in ${space.name}`);
  }
  const groups = new Map<string, { source: LeafSource; labels: Set<number> }>();
  for (const source of sources) {
    const key = `${source.map.id}|${source.index.volume}|${source.index.fragment}`;
    const group = groups.get(key) ?? { source, labels: new Set<number>() };
    if (source.index.label !== null) group.labels.add(source.index.label);
    groups.set(key, group);
  }
  let mask: Image | null = null;
  for (const { source, labels } of groups.values()) {
    const image = await fetchVolumeImage(ctx, source.map.volumes[source.index.volume], source.index.fragment);
    if (mask === null) {
      mask = { dims: image.dims, affine: image.affine, dtype: "uint8", data: new Uint8Array(image.data.length) };
    } else if (!sameAffine(mask.affine, image.affine) || mask.data.length !== image.data.length) {
      throw new VolumeNotSupportedError(
        `Child regions of ${region.name} have different voxel spaces and the aggregated subtree mask is not supported.`,
      );
    }
    markLabels(image, labels, mask.data as Uint8Array);
  }
  return mask as Image;
}

function markLabels(image: Image, labels: Set<number>, out: Uint8Array): void {
  const src = image.data;
  if (labels.size === 1) {
    const [label] = labels;
    for (let i = 0; i < src.length; i++) if (src[i] === label) out[i] = 1;
    return;
  }
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v !== 0 && labels.has(v)) out[i] = 1;
  }
}

import { parseBbox } from "../../lib/bbox.ts";
import { spaceBySpec } from "../../atlas/lookup.ts";
import { buildImages, spanBox } from "./records.ts";
import { neuroglancerBox } from "./neuroglancer-box.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { Space } from "../../atlas/model.ts";
import type { BoxDeps } from "./neuroglancer-box.ts";
import type { Box, ImageRecord } from "./records.ts";

const INDEXES = new WeakMap<AtlasStore, ImageRecord[]>();

/** The preconfigured image features of a store, built on first use. */
export function images(store: AtlasStore): ImageRecord[] {
  let list = INDEXES.get(store);
  if (!list) {
    list = buildImages(store.featureDocuments());
    INDEXES.set(store, list);
  }
  return list;
}

/** `Feature.get_instance_by_id` over images: the first in file order (one `@id` is used twice). */
export function imageById(store: AtlasStore, id: string): ImageRecord | undefined {
  return images(store).find((r) => r.id === id);
}

/** Upstream's default when `bbox` is absent. */
const WHOLE_SPACE: Box = { min: [-255, -255, -255], max: [255, 255, 255] };

/** The query box of `/feature/Image`: `bbox` in either corner order, the whole space when absent or empty. */
function queryBox(text: string | null): Box {
  const corners = text ? parseBbox(text) : null;
  return corners ? spanBox(...corners) : WHOLE_SPACE;
}

/**
 * siibra-api's `type` → category of `/feature/Image` (siibra-api `api/server/features/__init__.py`). A
 * missing type means every category (upstream: none, docs/decisions.md#image-list-without-type); a
 * type outside the three answers an empty page, as upstream.
 */
function imageCategory(type: string | null): string | null | undefined {
  if (type === null) return null;
  return (
    {
      BlockfaceVolumeOfInterest: "macrostructural",
      CellBodyStainedVolumeOfInterest: "cellular",
      DTIVolumeOfInterest: "fibres",
    } as Record<string, string>
  )[type];
}

/** siibra's `BoundingBox.intersects`: the intersection has a positive volume. */
export function intersects(a: Box, b: Box): boolean {
  return [0, 1, 2].every((i) => Math.max(a.min[i], b.min[i]) < Math.min(a.max[i], b.max[i]));
}

/** Runs `f` over `items` with at most `limit` in flight; the first failure rejects (and stops new work). */
async function mapLimit<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  async function lane() {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await f(items[i]);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** An image's box: written in the configuration, else read from its neuroglancer volume. */
export function imageBox(deps: BoxDeps, image: ImageRecord): Promise<Box> {
  return image.configuredBox ? Promise.resolve(image.configuredBox) : neuroglancerBox(deps, image.url, image.id);
}

export type ImageQuery = { spaceId: string; bbox: string | null; type: string | null };

/**
 * `/feature/Image`: the images of the space whose category fits `type` and whose box intersects
 * `bbox`, with their boxes. A data host that cannot deliver a needed box fails the list (its error
 * names host and feature) rather than silently shortening it.
 */
export async function queryImages(
  store: AtlasStore,
  deps: BoxDeps,
  q: ImageQuery,
): Promise<{ space: Space; hits: { image: ImageRecord; box: Box }[] }> {
  const space = spaceBySpec(store, q.spaceId);
  const query = queryBox(q.bbox);
  const category = imageCategory(q.type);
  if (category === undefined) return { space, hits: [] };
  const candidates = images(store).filter(
    (r) => r.spaceId === space.id && (category === null || r.category === category),
  );
  const boxes = await mapLimit(candidates, 8, (image) => imageBox(deps, image));
  const hits = candidates.map((image, i) => ({ image, box: boxes[i] })).filter((h) => intersects(h.box, query));
  return { space, hits };
}

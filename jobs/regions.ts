import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { optionalSpec, paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { findInParcellation, parcellationBySpec, regionBySpec, spaceBySpec } from "../src/atlas/lookup.ts";
import { regionJson, regionMinModel, regionModel } from "../src/serialize/region.ts";
import { RawJson } from "../src/lib/raw-json.ts";
import { parcellationMinModel } from "../src/serialize/parcellation.ts";
import { BadRequestError } from "../src/errors.ts";
import type { Parcellation, Region } from "../src/atlas/model.ts";
import { relatedRegions as related } from "../src/atlas/related.ts";
import { bestViewPoint } from "../src/volumes/index.ts";

/**
 * A spec that resolves to the parcellation itself (`julich`, the parcellation's name) is a 400: upstream
 * answers a parcellation body on a route whose response model is a region, which no client can read.
 */
function refuseParcellation(parcellation: Parcellation, region: Region, spec: string): void {
  if (region !== parcellation.root) return;
  throw new BadRequestError(
    `region spec '${spec}' names the parcellation '${parcellation.name}' itself, not one of its regions`,
  );
}

export const listRegions = defineJob({
  name: "regions.list",
  python: {
    name: "all_regions",
    source: pySource(
      "def all_regions(parcellation_id: str, find: str = None):",
      "    import siibra",
      "    parcellation = siibra.parcellations[parcellation_id]",
      "    regions = parcellation.find(find) if find else list(parcellation)",
      "    return [r for r in regions if r is not parcellation]",
    ),
  },
  queue: "core",
  immutable: true,
  payload: v.object({ parcellation_id: spec, find: optionalSpec, ...paging }),
  run({ parcellation_id, find, page, size }, { store }) {
    const parcellation = parcellationBySpec(store, parcellation_id);
    const regions = find === null ? parcellation.regions : findInParcellation(parcellation, find);
    // Serialized from memoized per-region JSON: the first-paint chain asks for every page of big trees.
    const { items, ...meta } = paginate(regions, page, size);
    const tail = JSON.stringify(meta).slice(1);
    return new RawJson(`{"items":[${items.map(regionJson).join(",")}],${tail}`);
  },
});

/**
 * `/regions/{region_id}` without `space_id` (with it: `getRegionInSpace`, which computes `bestViewPoint`).
 * A spec that resolves to the parcellation itself (`julich`, the parcellation's name) is a 400: upstream
 * answers a parcellation body on a route whose response model is a region, which no client can read.
 */
export const getRegion = defineJob({
  name: "regions.get",
  python: {
    name: "single_region",
    source: pySource(
      "def single_region(parcellation_id: str, region_id: str, space_id: str = None):",
      "    import siibra",
      "    region = siibra.get_region(parcellation_id, region_id)",
      "    if space_id:",
      "        centroids = region.compute_centroids(siibra.spaces[space_id])",
      "    return region",
    ),
  },
  queue: "core",
  immutable: true,
  payload: v.object({ parcellation_id: spec, region_id: spec, space_id: optionalSpec }),
  async run({ parcellation_id, region_id, space_id }, { store }) {
    const parcellation = parcellationBySpec(store, parcellation_id);
    if (space_id !== null) spaceBySpec(store, space_id);
    const region = regionBySpec(store, parcellation, region_id);
    refuseParcellation(parcellation, region, region_id);
    return regionModel(region);
  },
});

/**
 * `/regions/{region_id}?space_id=…`: the region with `bestViewPoint`, the centroid of its largest
 * connected component in the space (siibra 0.4 `compute_centroids`), computed from voxels, hence
 * the `volumes` queue. Null when the region has no labelled image map in the space.
 */
export const getRegionInSpace = defineJob({
  name: "regions.get_in_space",
  python: getRegion.python,
  queue: "volumes",
  payload: v.object({ parcellation_id: spec, region_id: spec, space_id: spec }),
  async run({ parcellation_id, region_id, space_id }, ctx) {
    const { store } = ctx;
    const parcellation = parcellationBySpec(store, parcellation_id);
    const space = spaceBySpec(store, space_id);
    const region = regionBySpec(store, parcellation, region_id);
    refuseParcellation(parcellation, region, region_id);
    // Remote failures propagate (503/502, never cached): a null here would be cached as if final.
    const centroid = await bestViewPoint(ctx, region, space);
    return regionModel(region, { bestViewPoint: centroid ? { spaceId: space.id, coordinates: centroid } : null });
  },
});

/** `/regions/{region_id}/related`: relations across parcellation versions and species. */
export const relatedRegions = defineJob({
  name: "regions.related",
  python: {
    name: "related_regions",
    source: pySource(
      "def related_regions(parcellation_id: str, region_id: str):",
      "    import siibra",
      "    region = siibra.get_region(parcellation_id, region_id)",
      "    return list(region.get_related_regions())",
    ),
  },
  queue: "core",
  payload: v.object({ parcellation_id: spec, region_id: spec, ...paging }),
  async run({ parcellation_id, region_id, page, size }, { store, kg }) {
    const parcellation = parcellationBySpec(store, parcellation_id);
    const region = regionBySpec(store, parcellation, region_id);
    const window = paginate(await related(store, region, kg), page, size);
    return {
      ...window,
      items: window.items.map(({ qualification, region: assigned }) => ({
        "@type": "siibra-0.4/regionRelationAssessment",
        qualification,
        query_structure: regionMinModel(region),
        assigned_structure: regionMinModel(assigned),
        assigned_structure_parcellation: parcellationMinModel(assigned.parcellation),
      })),
    };
  },
});

import { coordinate, VOCAB } from "./common.ts";
import { inspiredBy } from "../atlas/bigbrain-labels.ts";
import type { Region } from "../atlas/model.ts";
import { getOrSet } from "../lib/memo.ts";

export type BestViewPoint = { spaceId: string; coordinates: [number, number, number] };

/** Region min form (inside `/related`, feature anchors, matrices): no annotation. */
export function regionMinModel(region: Region) {
  return regionModel(region, { min: true });
}

type RegionModel = ReturnType<typeof buildRegionModel>;
const FULL_TEXT = new WeakMap<Region, string>();

/** The serialized full form of a region (no view point), built once: `/regions` pages are joins of these. */
export function regionJson(region: Region): string {
  return getOrSet(FULL_TEXT, region, () => JSON.stringify(regionModel(region)));
}
const FULL = new WeakMap<Region, RegionModel>();
const MIN = new WeakMap<Region, RegionModel>();

/**
 * `ParcellationEntityVersionModel`; keys in upstream order. Regions are immutable, so the models
 * without a view point are built once per region and shared (callers never mutate them).
 */
export function regionModel(
  region: Region,
  opts: { min?: boolean; bestViewPoint?: BestViewPoint | null } = {},
): RegionModel {
  if (opts.bestViewPoint) return buildRegionModel(region, opts);
  return getOrSet(opts.min ? MIN : FULL, region, () => buildRegionModel(region, opts));
}

function buildRegionModel(region: Region, opts: { min?: boolean; bestViewPoint?: BestViewPoint | null }) {
  const parent = region.parent;
  return {
    "@type": "siibra-0.4/region",
    "@context": VOCAB,
    "@id": region.wireId,
    hasAnnotation: opts.min ? null : annotation(region, opts.bestViewPoint ?? null),
    hasParent: parent?.parent ? [{ "@id": parent.wireId }] : null,
    lookupLabel: null,
    name: region.name,
    ontologyIdentifier: null,
    relationAssessment: null,
    versionIdentifier: `${region.parcellation.name} - ${region.name}`,
    versionInnovation: "",
  };
}

function annotation(region: Region, view: BestViewPoint | null) {
  return {
    "@context": VOCAB,
    bestViewPoint: view
      ? { "@context": VOCAB, coordinateSpace: { "@id": view.spaceId }, coordinates: view.coordinates.map(coordinate) }
      : null,
    criteria: null,
    criteriaQualityType: { "@id": "https://openminds.ebrains.eu/instances/criteriaQualityType/asserted" },
    displayColor: region.rgb,
    inspiredBy: inspiredBy(region.parcellation.id, region.name),
    internalIdentifier: "",
    laterality: null,
    visualizedIn: null,
  };
}

import { parcellationBySpec, regionBySpec } from "../atlas/lookup.ts";
import { resolveFeatureType, subclassesOf } from "./hierarchy.ts";
import { featureIndex } from "./preconfigured/feature-index.ts";
import { locationMatches } from "./location-match.ts";
import type { AtlasStore } from "../atlas/store.ts";
import type { LocationContext, LocationMatch } from "./location-match.ts";
import type { FeatureRecord } from "./model.ts";

/** What the typed list routes hand to siibra-api's `_get_all_features`. */
export type FeatureQuery = { parcellationId: string; regionId: string | null; type: string };

/**
 * Raw `type` values answered with an empty list (dotted names slip through, as upstream:
 * docs/decisions.md#feature-type-ban-list).
 */
const BANNED_TYPES = new Set(["LocalFieldPotential", "RegionalBOLD"]);

/** Features of these modalities are dropped from every typed list (their tables do not serialise). */
const BANNED_MODALITIES = new Set(["Regional BOLD signal"]);

/**
 * siibra-api 0.3.35 `_get_all_features` with siibra 0.4 `features.get`, in upstream's order of
 * checks: ban list on the raw type, then the concept (region if `region_id`, else parcellation),
 * then the last dot segment of `type` as a class spec, then the modality filter.
 */
export function queryFeatures(store: AtlasStore, q: FeatureQuery): FeatureRecord[] {
  if (BANNED_TYPES.has(q.type)) return [];
  const type = q.type.split(".").pop() ?? q.type;
  const parcellation = parcellationBySpec(store, q.parcellationId);
  const concept = q.regionId === null ? parcellation.root : regionBySpec(store, parcellation, q.regionId);
  const classes = resolveFeatureType(type);
  return featureIndex(store)
    .match(concept, classes)
    .filter((f) => !BANNED_MODALITIES.has(f.modality));
}

/** A `/regions/{id}/features` entry: a preconfigured feature, or an image matched by its location. */
export type RegionFeature = FeatureRecord | LocationMatch;

/**
 * `/regions/{region_id}/features`: `siibra.features.get(region, Feature)` — every class, neither the
 * ban list nor the modality filter of the typed routes. Per class (hierarchy order): the semantic
 * matches, then the images whose box meets the region's mask (voxel test, location-match.ts).
 */
export async function regionFeatures(
  ctx: LocationContext,
  parcellationId: string,
  regionId: string,
): Promise<RegionFeature[]> {
  const parcellation = parcellationBySpec(ctx.store, parcellationId);
  const concept = regionBySpec(ctx.store, parcellation, regionId);
  const classes = subclassesOf("Feature");
  const semantic = featureIndex(ctx.store).match(concept, classes);
  const located = await locationMatches(ctx, concept, classes);
  const classOf = (f: RegionFeature) => ("image" in f ? f.image.className : f.className);
  return classes.flatMap((cls) => [...semantic, ...located].filter((f) => classOf(f) === cls.name));
}

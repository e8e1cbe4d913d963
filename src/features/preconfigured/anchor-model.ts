import { findRegions } from "../../atlas/region-lookup.ts";
import { regionMinModel } from "../../serialize/region.ts";
import { pointModel } from "../point-model.ts";
import { decodeSpecies } from "../species.ts";
import { topmost } from "../anchor-match.ts";
import { featureDocument } from "./documents.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { Region } from "../../atlas/model.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { FeatureRecord } from "../model.ts";
import type { Assignment } from "../anchor-match.ts";

function locationModel(doc: Json): unknown {
  const loc = doc.location as Json | undefined;
  if (!loc || typeof loc !== "object") return null;
  const spaceId = String(((loc.space ?? {}) as Json)["@id"] ?? "");
  if (loc["@type"] === "siibra/location/point/v0.1" && Array.isArray(loc.coordinate))
    return pointModel(spaceId, (loc.coordinate as number[]).slice(0, 3).map(Number));
  // Point sets are validated through the less specific LocationModel: geometry dropped, type kept.
  return { "@type": "siibra-0.4/location/pointset", space: { "@id": spaceId } };
}

function regionsOf(store: AtlasStore, spec: string, species: string): Region[] {
  return store.parcellations
    .filter((p) => p.species === species)
    .flatMap((p) => topmost(findRegions(p.root, spec, { filterChildren: false, findTopmost: true })));
}

function aliasRegions(store: AtlasStore, record: FeatureRecord): [Region, string][] {
  const vocab = store.vocabularies.regionAliases as Record<
    string,
    Record<string, Record<string, Record<string, string>>>
  >;
  const bySpecies = vocab[record.anchor.species]?.[record.anchor.regionSpec ?? ""] ?? {};
  const out: [Region, string][] = [];
  for (const [speciesText, mapping] of Object.entries(bySpecies)) {
    const species = decodeSpecies(speciesText);
    if (species === null) continue;
    for (const [alias, qualification] of Object.entries(mapping)) {
      for (const region of regionsOf(store, alias, species)) out.push([region, String(qualification).toUpperCase()]);
    }
  }
  return out;
}

const REGIONS = new WeakMap<FeatureRecord, [Region, string][]>();

/** `anchor.regions`: regions found by the spec (EXACT), then alias regions not already found. */
function anchorRegions(store: AtlasStore, record: FeatureRecord): [Region, string][] {
  let found = REGIONS.get(record);
  if (found) return found;
  const spec = record.anchor.regionSpec;
  found = spec === null ? [] : regionsOf(store, spec, record.anchor.species).map((r): [Region, string] => [r, "EXACT"]);
  const seen = new Set(found.map(([r]) => r.id));
  for (const pair of aliasRegions(store, record)) {
    if (seen.has(pair[0].id)) continue;
    found.push(pair);
    seen.add(pair[0].id);
  }
  REGIONS.set(record, found);
  return found;
}

/** Distinct names of the anchor's regions (plot titles: `{r.name for r in anchor.regions}`). */
export function anchorRegionNames(store: AtlasStore, record: FeatureRecord): string[] {
  return [...new Set(anchorRegions(store, record).map(([r]) => r.name))];
}

const VERBS: Record<string, string> = { EXACT: "coincides with", CONTAINED: "is contained in", CONTAINS: "contains" };

/**
 * The anchor model; with `assignments` (detail-in-context routes) `last_match_*` describe how the
 * anchor matched the query concept (`'<anchor region>' contains '<concept>'`).
 */
export function anchorModel(store: AtlasStore, record: FeatureRecord, assignments: Assignment[] = []) {
  const texts = assignments.map(
    (a) => `'${a.region.name}' ${VERBS[a.qualification] ?? a.qualification.toLowerCase()} '${a.concept.name}'`,
  );
  return {
    "@type": "siibra-0.4/anchor",
    location: locationModel(featureDocument(store, record.path)),
    regions: anchorRegions(store, record).map(([region, qualification]) => ({
      "@type": null,
      region: regionMinModel(region),
      qualification,
    })),
    last_match_description: [...new Set(texts)].join(" and "),
    last_match_result: assignments.map((a) => ({
      "@type": "siibra-0.4/anatomical_assignment",
      qualification: a.qualification,
      query_structure: regionMinModel(a.region),
      assigned_structure: regionMinModel(a.concept),
      explanation: "",
    })),
  };
}

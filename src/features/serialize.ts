import { BadRequestError } from "../errors.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { FeatureKind, FeatureRecord } from "./model.ts";

/**
 * List form of siibra-api 0.3.35's feature models (`api/models/features/`): `anchor`, `data`,
 * `matrices` and receptor lists are null; keys in model order, base keys first.
 */
const AT_TYPES: Record<FeatureKind, string> = {
  tabular: "siibra-0.4/feature/tabular",
  fingerprint: "siibra-0.4/feature/tabular/receptor_density_fp",
  profile: "siibra-0.4/feature/tabular/cortical_profile",
  connectivity: "siibra-0.4/feature/regional_connectivity",
};

/**
 * `Feature.description`: the stored text, else the first non-empty dataset description. Matrix and
 * timeseries classes store the `"\n"`-join of their datasets' description *set* when the file has
 * none (set order varies upstream; dataset order here).
 */
function description(f: FeatureRecord, datasets: Record<string, unknown>[]): string {
  const texts = datasets.map((d) => (typeof d.description === "string" ? d.description : ""));
  let own = f.description;
  if (!own && f.joinDatasetDescriptions) own = [...new Set(texts)].join("\n");
  return own || (texts.find((t) => t !== "") ?? "");
}

/** The model siibra-api's serializer registry picks for the feature's class (list form). */
export async function featureListModel(f: FeatureRecord, resolver: DatasetResolver): Promise<Record<string, unknown>> {
  const datasets = await resolver.resolve(f.datasets);
  const base = {
    "@type": AT_TYPES[f.kind],
    id: f.id,
    modality: f.modality,
    category: f.category ?? "Unknown category",
    description: description(f, datasets),
    name: f.name,
    datasets,
    anchor: null,
  };
  switch (f.kind) {
    case "tabular":
      return { ...base, data: null };
    case "fingerprint":
      return { ...base, data: null, neurotransmitters: null, receptors: null };
    case "profile":
      // Layer boundaries are computed from the segmented cell images (data proxy): not known here,
      // which the model expresses as an empty mapping (receptor profiles never have any).
      return { ...base, data: null, unit: f.profile?.unit ?? null, boundary_positions: {}, boundaries_mapped: false };
    case "connectivity":
      return {
        ...base,
        cohort: f.connectivity?.cohort ?? "",
        subjects: f.connectivity?.subjects ?? [],
        matrices: null,
      };
  }
}

export type ListRoute = "Tabular" | "CorticalProfile" | "RegionalConnectivity";

const BASE_KEYS = ["@type", "id", "modality", "category", "description", "name", "datasets", "anchor"];

/**
 * pydantic's first-valid-member rule for `Union[CorticalProfile, ReceptorDensityFp, Tabular]`:
 * profiles keep their keys; anything else takes the ReceptorDensityFp key set (its extras are all
 * optional), keeping its own `@type` (docs/decisions.md#union-key-sets).
 */
export function asTabularUnionItem(item: Record<string, unknown>, kind: FeatureKind): Record<string, unknown> {
  if (kind === "profile") return item;
  const out: Record<string, unknown> = {};
  for (const key of BASE_KEYS) out[key] = item[key];
  return {
    ...out,
    data: item.data ?? null,
    neurotransmitters: item.neurotransmitters ?? null,
    receptors: item.receptors ?? null,
  };
}

const ROUTE_KIND: Partial<Record<ListRoute, [FeatureKind, string]>> = {
  CorticalProfile: ["profile", "SiibraCorticalProfileModel"],
  RegionalConnectivity: ["connectivity", "SiibraRegionalConnectivityModel"],
};

/**
 * The narrow routes validate every item against one model; upstream then fails the whole page
 * with a 500. We answer 400, naming the offending class (docs/decisions.md#type-of-another-shape).
 */
export function checkRouteKinds(route: ListRoute, type: string, features: FeatureRecord[]): void {
  const expected = ROUTE_KIND[route];
  if (!expected) return;
  const wrong = features.find((f) => f.kind !== expected[0]);
  if (wrong) {
    throw new BadRequestError(
      `type '${type}' selects ${wrong.className} features, which are not ${expected[1]}s; use /feature/Tabular or another type`,
    );
  }
}

/**
 * `FeatureIdResponseModel` (`/feature/{id}`, `/regions/{id}/features`): the first union member whose
 * required keys the item has — VOI, cortical profile, connectivity — else the ReceptorDensityFp key
 * set (docs/decisions.md#union-key-sets).
 */
export function asFeatureIdUnionItem(item: Record<string, unknown>): Record<string, unknown> {
  const has = (...keys: string[]) => keys.every((k) => k in item);
  if (has("volume", "boundingbox") || has("boundary_positions", "boundaries_mapped") || has("cohort", "subjects"))
    return item;
  return asTabularUnionItem(item, "tabular");
}

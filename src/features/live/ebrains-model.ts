import type { DatasetResolver } from "../../datasets/types.ts";
import type { LinkedDataset } from "./ebrains-query.ts";

/**
 * `SiibraEbrainsDataFeatureModel`: base feature keys only. The one dataset is the knowledge graph's
 * DatasetVersion; name and description come from it (siibra's lazy properties). When the knowledge
 * graph cannot be reached the snapshot's dataset name stands in, rather than an empty name.
 */
export async function ebrainsFeatureModel(
  feature: LinkedDataset,
  id: string,
  anchor: Record<string, unknown> | null,
  resolver: DatasetResolver,
) {
  const datasets = await resolver.resolve({ ebrains: { "openminds/DatasetVersion": feature.id }, publications: [] });
  const dataset = datasets[0] as { name?: string; description?: string | null } | undefined;
  const name = dataset?.name?.trim() ? dataset.name : feature.name;
  return {
    "@type": "siibra-0.4/feature/ebrains_datafeature",
    id,
    modality: null,
    category: "other",
    description: dataset?.description ?? "",
    name: `Ebrains Dataset: ${name}`,
    datasets,
    anchor,
  };
}

/** The detail anchor: a region-spec anchor without location (region assignments not resolved here). */
export function regionSpecAnchor() {
  return {
    "@type": "siibra-0.4/anchor",
    location: null,
    regions: [],
    last_match_description: "",
    last_match_result: [],
  };
}

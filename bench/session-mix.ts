/**
 * The core (weight 1.0 and related) requests of siibra-explorer's typical session
 * (docs/decisions.md#criticality-classes), with their counts and business weights.
 */
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const JBA303 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-300";
const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const q = encodeURIComponent;

export type MixEntry = { id: string; path: string; count: number; weight: number };

export function coreMix(parcellationIds: string[], spaceIds: string[]): MixEntry[] {
  const regions = [
    "Area 44 (IFG)",
    "Area hOc1 (V1, 17, CalcS) left",
    "Area PGa (IPL) right",
    "Area TE 3 (STG) left",
    "CA1 (Hippocampus) right",
  ];
  return [
    { id: "A1/A2", path: "/v3_0/atlases", count: 2, weight: 1.0 },
    ...parcellationIds.map((id) => ({ id: "A3", path: `/v3_0/parcellations/${id}`, count: 1, weight: 1.0 })),
    ...spaceIds.map((id) => ({ id: "A4", path: `/v3_0/spaces/${id}`, count: 1, weight: 1.0 })),
    { id: "A5", path: `/v3_0/maps?map_type=LABELLED&space_id=${MNI152}&page=1`, count: 1, weight: 1.0 },
    { id: "A6", path: `/v3_0/maps?map_type=LABELLED&parcellation_id=${JBA31}&page=1`, count: 2, weight: 1.0 },
    ...Array.from({ length: 16 }, (_, i) => ({
      id: "A7",
      path: `/v3_0/regions?parcellation_id=${JBA31}${i ? `&page=${i + 1}` : ""}`,
      count: 1,
      weight: 1.0,
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      id: "A7",
      path: `/v3_0/regions?parcellation_id=${JBA303}${i ? `&page=${i + 1}` : ""}`,
      count: 1,
      weight: 1.0,
    })),
    {
      id: "A8",
      path: `/v3_0/map?map_type=LABELLED&parcellation_id=${JBA31}&space_id=${MNI152}`,
      count: 2,
      weight: 1.0,
    },
    ...regions.map((r) => ({
      id: "R1",
      path: `/v3_0/regions/${q(r)}?parcellation_id=${JBA31}&space_id=${MNI152}`,
      count: 1,
      weight: 1.0,
    })),
    { id: "R3", path: `/v3_0/maps?parcellation_id=${JBA31}&space_id=${MNI152}&page=1`, count: 1, weight: 0.5 },
    { id: "R3", path: "/v3_0/maps/siibra-map-v0.0.1_mni152-jba31-labelled", count: 2, weight: 0.5 },
    ...regions.map((r) => ({
      id: "R4",
      path: `/v3_0/regions/${q(r)}/related?parcellation_id=${JBA29}&page=1`,
      count: 1,
      weight: 0.3,
    })),
    { id: "T0", path: "/v3_0/feature/_types", count: 1, weight: 0.6 },
  ];
}

/** Expands counts into a request list (the load generator cycles through it). */
export function expand(mix: MixEntry[]): MixEntry[] {
  return mix.flatMap((e) => Array.from({ length: e.count }, () => e));
}

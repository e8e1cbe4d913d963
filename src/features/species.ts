import { speciesName } from "../atlas/names.ts";

/**
 * siibra 0.4's `Species.decode`, as used for feature anchors: a species name, a knowledge-graph
 * species uuid, or a list / `ebrains` block whose first decodable value wins. Returns the species
 * string the atlas model uses (`Homo sapiens`), or null.
 */
const MEMBERS = [
  "HOMO_SAPIENS",
  "RATTUS_NORVEGICUS",
  "MUS_MUSCULUS",
  "MACACA_FASCICULARIS",
  "MACACA_MULATTA",
  "MACACA_FUSCATA",
  "CHLOROCEBUS_AETHIOPS_SABAEUS",
  "CALLITHRIX_JACCHUS",
  "UNSPECIFIED_SPECIES",
];

const MINDS_IDS: Record<string, number> = {
  "0ea4e6ba-2681-4f7d-9fa9-49b915caaac9": 0,
  "f3490d7f-8f7f-4b40-b238-963dcac84412": 1,
  "cfc1656c-67d1-4d2c-a17e-efd7ce0df88c": 2,
  "c541401b-69f4-4809-b6eb-82594fc90551": 3,
  "745712aa-fad1-47c4-8ab6-088063f78f64": 4,
  "ed8254b1-519c-4356-b1c9-7ead5aa1e3e1": 5,
  "e578d886-c55d-4174-976b-3cf43b142203": 6,
};

const OPENMINDS_IDS: Record<string, number> = {
  "97c070c6-8e1f-4ee8-9d28-18c7945921dd": 0,
  "ab532423-1fd7-4255-8c6f-f99dc6df814f": 1,
  // Upstream's table has this typo (trailing colon), so the openMINDS mouse id never decodes.
  "d9875ebd-260e-4337-a637-b62fed4aa91d:": 2,
  "0b6df2b3-5297-40cf-adde-9443d3d8214a": 3,
  "3ad33ec1-5152-497d-9352-1cf4497e0edd": 4,
  "2ab3ecf5-76cc-46fa-98ab-309e3fd50f57": 5,
  "b8bf99e7-0914-4b65-a386-d785249725f1": 6,
  "627bac2f-2b4c-4f2d-ae4e-9373a7f430f2": 7,
};

export function decodeSpecies(spec: unknown): string | null {
  if (typeof spec === "string") {
    const tail = spec.split("/").pop() ?? "";
    const index = MINDS_IDS[tail] ?? OPENMINDS_IDS[tail];
    if (index !== undefined) return speciesName(MEMBERS[index]);
    const key = spec.trim().replace(/\s+/g, "_").toUpperCase();
    return MEMBERS.includes(key) ? speciesName(key) : null;
  }
  const values = Array.isArray(spec) ? spec : spec && typeof spec === "object" ? Object.values(spec) : [];
  for (const value of values) {
    const decoded = decodeSpecies(value);
    if (decoded !== null) return decoded;
  }
  return null;
}

/**
 * A small `ebrainsquery/v1/parcellationregions/_all.json` in the snapshot's shape: regions with
 * their linked datasets (`@id`, `name`, `species`).
 */
import { CONFIG_DIR } from "../_support/app.ts";

export const NEXUS = "https://nexus.humanbrainproject.org/v0/data/minds/core/dataset/v1.0.0/";
export const ALL_PATH = "/api/v1/buckets/reference-atlas-data/ebrainsquery/v1/parcellationregions/_all.json";
export const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";

const human: { "@id"?: string; name: string }[] = [
  {
    "@id": "https://nexus.humanbrainproject.org/v0/data/minds/core/species/v1.0.0/0ea4e6ba-2681-4f7d-9fa9-49b915caaac9",
    name: "Homo sapiens",
  },
];
const rat = [{ name: "Rattus norvegicus" }];

export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** JBA 3.1's own DatasetVersion id, read from the configuration file. */
export async function jba31DatasetVersion(): Promise<string> {
  const doc = (await Bun.file(`${CONFIG_DIR}/parcellations/julichbrain_v3_1.json`).json()) as {
    ebrains: Record<string, string>;
  };
  return doc.ebrains["openminds/DatasetVersion"];
}

export async function regionsSnapshot(kgVersionUuid: string) {
  const ds = (n: number, name: string, species = human) => ({ "@id": `${NEXUS}${uuid(n)}`, name, species });
  return [
    {
      name: "Area 44 (IFG)",
      alias: null,
      datasets: [
        ds(1, "Dataset A"),
        ds(2, "Rat data for area 44", rat),
        ds(3, "Maps from the DiFuMo atlas, 1024 dimensions"),
        { "@id": `${NEXUS}${await jba31DatasetVersion()}`, name: "Julich-Brain itself", species: human },
        ds(5, "Receptor X (v1.0)"),
        ds(6, "Receptor X [human, v2.1]"),
        ds(7, "Receptor X (v1.10)"),
        { "@id": "https://example.org/not-a-ds/8", name: "Not a dataset", species: human },
        ds(9, "Dataset B"),
        { "@id": `${NEXUS}${kgVersionUuid}`, name: "Named by the KG", species: human },
      ],
    },
    { name: "Area 44 (IFG) left", alias: null, datasets: [ds(1, "Dataset A"), ds(10, "Dataset C")] },
    { name: "Area 45 (IFG)", alias: null, datasets: [ds(11, "Dataset for area 45")] },
    { name: "whatever the KG calls it", alias: "Area 44 (IFG) right", datasets: [ds(12, "Right-only dataset")] },
  ];
}

/** What the query keeps for "Area 44 (IFG) left" in JBA 3.1, in order: unversioned, then the newest version. */
export const EXPECTED_NAMES = ["Dataset A", "Dataset B", "Named by the KG", "Dataset C", "Receptor X [human, v2.1]"];

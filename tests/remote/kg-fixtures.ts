/** Small knowledge-graph snapshot documents in the shapes of siibra's `ebrainsquery` files. */
import { createDatasetService, DATA_PROXY_SOURCE } from "../../src/datasets/index.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import type { DatasetService } from "../../src/datasets/index.ts";
import type { KgStoreOptions } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import type { Route } from "./fixture-server.ts";

export const V1_ID = "06a33cf8-8cfe-4029-8a5e-83a75242d600";
export const DSV_ID = "06a33cf8-8cfe-4029-8a5e-83a75242d600";
export const DS_ID = "8a3a6c41-e053-47aa-ae95-1b78bcc4b624";
export const DSV2_ID = "11111111-2222-4333-8444-555555555555";

const KG = "https://kg.ebrains.eu/api/instances/";
const PERSON = ["https://openminds.ebrains.eu/core/Person"];

export const v1Doc = {
  name: "Density measurements of different receptors for Area 44v (IFG) [human, v1.0]",
  description: "This dataset contains the densities (in fmol/mg protein) of receptors.",
  kgReference: ["10.25493/P8SD-JMH", "https://example.org/direct"],
  contributors: [
    {
      "schema.org/shortName": "Zilles, K.",
      identifier: "2457b4a7cf0b3fa199dcc3c88180dc9f",
      name: "Zilles, Karl",
      "@id": "https://nexus.humanbrainproject.org/v0/data/minds/core/person/v1.0.0/bacae1fc",
      shortName: "Zilles, K.",
    },
  ],
  custodians: [],
};

export const dsvDoc = {
  id: `${KG}${DSV_ID}`,
  fullName: null,
  versionIdentifier: "v1.0",
  description: "",
  doi: [{ identifier: "https://doi.org/10.25493/P8SD-JMH" }],
  author: [
    { id: `${KG}p-1`, type: PERSON, givenName: "Nicola", familyName: "Palomero-Gallagher" },
    { id: `${KG}org-1`, type: ["https://openminds.ebrains.eu/core/Organization"], fullName: "INM-1" },
  ],
  custodian: [{ id: `${KG}p-2`, type: PERSON, givenName: "Katrin", familyName: "Amunts" }],
  isVersionOf: [{ id: `${KG}${DS_ID}` }],
};

export const dsv2Doc = {
  id: `${KG}${DSV2_ID}`,
  fullName: "Receptor densities, second version",
  versionIdentifier: "v2.0",
  description: "Own description",
  doi: [],
  author: [
    { id: `${KG}p-3`, type: PERSON, givenName: "Karl", familyName: "Zilles" },
    { id: `${KG}p-1`, type: PERSON, givenName: "Nicola", familyName: "Palomero-Gallagher" },
  ],
  custodian: [],
  isVersionOf: [{ id: `${KG}${DS_ID}` }],
};

export const dsDoc = {
  id: `${KG}${DS_ID}`,
  fullName: "Density measurements of different receptors for Area 44v (IFG) [human]",
  description: "Parent dataset description.",
  doi: [{ identifier: "https://doi.org/10.25493/PARENT" }],
  custodian: [{ id: `${KG}p-2`, type: PERSON, givenName: "Katrin", familyName: "Amunts" }],
  versions: [{ id: `${KG}${DSV_ID}` }, { id: `${KG}${DSV2_ID}` }],
};

export const BUCKET = "/api/v1/buckets/reference-atlas-data/ebrainsquery";

export function kgRoutes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    [`${BUCKET}/v1/dataset/${V1_ID}.json`]: { body: JSON.stringify(v1Doc) },
    [`${BUCKET}/v3/DatasetVersion/${DSV_ID}.json`]: { body: JSON.stringify(dsvDoc) },
    [`${BUCKET}/v3/DatasetVersion/${DSV2_ID}.json`]: { body: JSON.stringify(dsv2Doc) },
    [`${BUCKET}/v3/Dataset/${DS_ID}.json`]: { body: JSON.stringify(dsDoc) },
    ...extra,
  };
}

/** A dataset service whose data-proxy host is remapped to `origin`, bucket source only. */
export function serviceFor(origin: string, extra: Partial<KgStoreOptions> = {}): DatasetService {
  const fetcher = createRemoteFetcher({ remap: [["https://data-proxy.ebrains.eu", origin]] });
  return createDatasetService(new KgStore({ fetcher, sources: [DATA_PROXY_SOURCE], ...extra }));
}

/** Expected wire objects for the fixture KG documents (kg-fixtures.ts), shared by the dataset tests. */
import type { DatasetRefs } from "../../src/atlas/model.ts";
import type { EbrainsDatasetModel, EbrainsDsPerson } from "../../src/datasets/index.ts";
import { md5Hex } from "../../src/lib/md5.ts";
import { DS_ID, DSV_ID, dsDoc, V1_ID, v1Doc } from "./kg-fixtures.ts";

const KG = "https://kg.ebrains.eu/api/instances/";
export const person = (id: string, name: string, short: string | null = name, ident = id): EbrainsDsPerson => ({
  "@type": null,
  "@id": id,
  "schema.org/shortName": short,
  identifier: ident,
  shortName: short ?? name,
  name,
});
const ICBM = "ICBM 152 Nonlinear atlases (2009)";

/** Keys deliberately out of siibra's order; a publication without a name is not a dataset. */
export const refs: DatasetRefs = {
  ebrains: {
    "openminds/Dataset": DS_ID,
    "minds/core/species/v1.0.0": "0ea4e6ba-2681-4f7d-9fa9-49b915caaac9",
    "openminds/DatasetVersion": DSV_ID,
    "minds/core/dataset/v1.0.0": V1_ID,
  },
  publications: [
    { citation: "Some citation", url: "https://doi.org/10.1/x" },
    {
      name: ICBM,
      authors: ["Vladimir Fonov", "Alan C. Evans"],
      url: "https://nist.mni.mcgill.ca/x/",
      description: "Averages.",
    },
  ],
};

export const expected: EbrainsDatasetModel[] = [
  {
    "@type": null,
    "@id": V1_ID,
    name: v1Doc.name,
    urls: [
      { "@type": null, url: "https://doi.org/10.25493/P8SD-JMH" },
      { "@type": null, url: "https://example.org/direct" },
    ],
    description: v1Doc.description,
    contributors: [
      person(v1Doc.contributors[0]["@id"], "Zilles, Karl", "Zilles, K.", "2457b4a7cf0b3fa199dcc3c88180dc9f"),
    ],
    ebrains_page: `https://search.kg.ebrains.eu/instances/${V1_ID}`,
    custodians: [],
  },
  {
    // fullName and description missing → taken from the parent Dataset; organisations are not persons
    "@type": null,
    "@id": DSV_ID,
    name: `${dsDoc.fullName} (v1.0)`,
    urls: [{ "@type": null, url: "https://doi.org/10.25493/P8SD-JMH" }],
    description: dsDoc.description,
    contributors: [person(`${KG}p-1`, "Nicola Palomero-Gallagher")],
    ebrains_page: "https://doi.org/10.25493/P8SD-JMH",
    custodians: [person(`${KG}p-2`, "Katrin Amunts")],
  },
  {
    // contributors: union of the versions' authors by @id, first-seen order
    "@type": null,
    "@id": DS_ID,
    name: dsDoc.fullName,
    urls: [{ "@type": null, url: "https://doi.org/10.25493/PARENT" }],
    description: dsDoc.description,
    contributors: [person(`${KG}p-1`, "Nicola Palomero-Gallagher"), person(`${KG}p-3`, "Karl Zilles")],
    ebrains_page: "https://doi.org/10.25493/PARENT",
    custodians: [person(`${KG}p-2`, "Katrin Amunts")],
  },
  {
    "@type": null,
    "@id": md5Hex(ICBM),
    name: ICBM,
    urls: [{ "@type": null, url: "https://nist.mni.mcgill.ca/x/" }],
    description: "Averages.",
    contributors: [person("Vladimir Fonov", "Vladimir Fonov"), person("Alan C. Evans", "Alan C. Evans")],
    ebrains_page: null,
    custodians: [],
  },
];

/** Ids-only shapes: all keys, empty texts, v1 keeps its computable search page. */
export const idsOnly = (id: string, page: string | null): EbrainsDatasetModel => ({
  "@type": null,
  "@id": id,
  name: "",
  urls: [],
  description: "",
  contributors: [],
  ebrains_page: page,
  custodians: [],
});
export const expectedIdsOnly: EbrainsDatasetModel[] = [
  idsOnly(V1_ID, `https://search.kg.ebrains.eu/instances/${V1_ID}`),
  idsOnly(DSV_ID, null),
  idsOnly(DS_ID, null),
  expected[3],
];

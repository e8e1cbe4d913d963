/**
 * Builds wire `EbrainsDatasetModel`s from parsed KG records (siibra 0.4a106 `retrieval/datasets.py` +
 * siibra-api 0.3.35 `serialization/_retrieval/datasets.py`).
 *
 * Ids-only shape (a KG document could not be fetched): every key present, `@id` = the configured id,
 * `name` = "", `description` = "", `urls`/`contributors`/`custodians` = [], and `ebrains_page` as far as
 * it is computable without the network — v1: `https://search.kg.ebrains.eu/instances/<id>`; v3: null
 * (upstream takes the first DOI, which is in the document). Clients render an empty title and keep
 * working; they never see an error because the knowledge graph is slow.
 */
import type { Publication } from "../atlas/model.ts";
import { md5Hex } from "../lib/md5.ts";
import type { V1Record, V3Record } from "./kg-records.ts";
import type { EbrainsDatasetModel, EbrainsDsPerson, EbrainsDsUrl, KgDatasetKey } from "./types.ts";

export function idsOnlyModel(key: KgDatasetKey, id: string): EbrainsDatasetModel {
  return model(id, "", [], "", [], key === "minds/core/dataset/v1.0.0" ? searchKgPage(id) : null, []);
}

/** `EbrainsDataset` (v1): DOIs in `kgReference` become doi.org URLs; the page is the KG search page. */
export function v1Model(id: string, rec: V1Record): EbrainsDatasetModel {
  const urls = rec.references.map((f) => (f.startsWith("http") ? f : `https://doi.org/${f}`));
  return model(id, rec.name ?? "", urls, rec.description, rec.contributors, searchKgPage(id), rec.custodians);
}

/**
 * `EbrainsV3DatasetVersion`: name `"<fullName> (<versionIdentifier>)"`, where a missing fullName (and
 * description) is taken from the parent Datasets (`isVersionOf`) in order; Python's f-string prints a
 * still-missing value as `None`, which we reproduce. `parents` holds only the ones that could be fetched.
 */
export function v3VersionModel(id: string, rec: V3Record, parents: V3Record[]): EbrainsDatasetModel {
  let fullName = rec.fullName;
  for (const p of parents) {
    if (fullName) break;
    fullName = p.fullName;
  }
  let description = rec.description;
  for (const p of parents) {
    if (description) break;
    description = p.description;
  }
  const name = `${fullName ?? "None"} (${rec.versionIdentifier ?? "None"})`;
  return model(id, name, rec.dois, description || "", rec.authors, rec.dois[0] ?? null, rec.custodians);
}

/** `EbrainsV3Dataset`: contributors are the union (by `@id`, first-seen order) of its versions' authors. */
export function v3DatasetModel(id: string, rec: V3Record, versions: V3Record[]): EbrainsDatasetModel {
  const byId = new Map<string, EbrainsDsPerson>();
  for (const v of versions) for (const a of v.authors) byId.set(a["@id"], a);
  return model(
    id,
    rec.fullName ?? "",
    rec.dois,
    rec.description,
    [...byId.values()],
    rec.dois[0] ?? null,
    rec.custodians,
  );
}

/**
 * A named publication as siibra's `GenericDataset`: `@id` = md5 of the name, every author a person whose
 * five fields are the author string, no page, no custodians. Upstream requires `url`, `authors` and
 * `description`; missing ones become [] / [] / null here instead of a crash.
 */
export function genericModel(pub: Publication & { name: string }): EbrainsDatasetModel {
  const contributors = (pub.authors ?? []).map(
    (a): EbrainsDsPerson => ({
      "@type": null,
      "@id": a,
      "schema.org/shortName": a,
      identifier: a,
      shortName: a,
      name: a,
    }),
  );
  return model(md5Hex(pub.name), pub.name, pub.url ? [pub.url] : [], pub.description ?? null, contributors, null, []);
}

function searchKgPage(id: string): string {
  return `https://search.kg.ebrains.eu/instances/${id}`;
}

function model(
  id: string,
  name: string,
  urls: string[],
  description: string | null,
  contributors: EbrainsDsPerson[],
  ebrainsPage: string | null,
  custodians: EbrainsDsPerson[],
): EbrainsDatasetModel {
  return {
    "@type": null,
    "@id": id,
    name,
    urls: urls.map((url): EbrainsDsUrl => ({ "@type": null, url })),
    description,
    // Copies: records are shared through the cache and must not be mutated via a response object.
    contributors: contributors.map((p) => ({ ...p })),
    ebrains_page: ebrainsPage,
    custodians: custodians.map((p) => ({ ...p })),
  };
}

import { VOCAB } from "./common.ts";
import type { AtlasStore } from "../atlas/store.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { Parcellation, Space } from "../atlas/model.ts";

/** Parcellation min form (inside `/related`). */
export function parcellationMinModel(p: Parcellation) {
  return {
    "@type": "siibra-0.4/parcellation",
    "@id": p.id,
    name: p.name,
    modality: null,
    datasets: [],
    brainAtlasVersions: [],
    version: null,
    shortname: null,
  };
}

type Bavs = { description: string; list: ReturnType<typeof brainAtlasVersion>[] };
const BAVS = new WeakMap<Parcellation, Bavs>();

/**
 * Brain atlas versions (one per supported space), built once per parcellation and description (the
 * description may improve once the knowledge graph answers).
 */
function brainAtlasVersions(store: AtlasStore, p: Parcellation, description: string) {
  let bavs = BAVS.get(p);
  if (bavs?.description !== description) {
    const entities = entityVersions(p);
    const list = store.supportedSpaces(p).map((s) => brainAtlasVersion(p, s, entities, description));
    bavs = { description, list };
    BAVS.set(p, bavs);
  }
  return bavs.list;
}

/**
 * siibra 0.4 `AtlasConcept.description`: the configured description, else the first of the concept's
 * datasets (EBRAINS ones in `extract_datasets` order, then named publications) that has one, else "".
 */
export function conceptDescription(own: string, datasets: readonly { description?: unknown }[]): string {
  if (own) return own;
  for (const ds of datasets) if (typeof ds.description === "string" && ds.description) return ds.description;
  return "";
}

/**
 * Distinct siibra ids of the whole tree, root included, in pre-order (a set upstream;
 * docs/decisions.md#deterministic-order).
 */
function entityVersions(p: Parcellation): { "@id": string }[] {
  const ids = new Set<string>([p.root.id, ...p.regions.map((r) => r.id)]);
  return [...ids].map((id) => ({ "@id": id }));
}

function brainAtlasVersion(p: Parcellation, space: Space, entities: { "@id": string }[], description: string) {
  return {
    "@type": "siibra-0.4/parcellation_bav",
    "@context": VOCAB,
    "@id": `${p.id}/${space.id}`,
    abbreviation: null,
    accessibility: { "@id": "" },
    atlasType: { "@id": "https://openminds.ebrains.eu/instances/atlasType/probabilisticAtlas" },
    author: null,
    coordinateSpace: { "@id": space.id },
    copyright: null,
    custodian: null,
    description: description.slice(0, 2000),
    digitalIdentifier: null,
    fullDocumentation: { "@id": "" },
    fullName: `${p.name} in ${space.name}`,
    funding: null,
    hasTerminologyVersion: { "@context": VOCAB, definedIn: null, hasEntityVersion: entities, ontologyIdentifier: null },
    homepage: null,
    howToCite: null,
    isAlternativeVersionOf: null,
    isNewVersionOf: null,
    keyword: null,
    license: { "@id": "" },
    ontologyIdentifier: null,
    otherContribution: null,
    relatedPublication: null,
    releaseDate: "1970-01-01",
    repository: null,
    shortName: p.name.slice(0, 30),
    supportChannel: null,
    versionIdentifier: `${p.version?.name ?? "None"} in ${space.name}`,
    versionInnovation: "",
  };
}

/** `SiibraParcellationModel` (full form). */
export async function parcellationModel(store: AtlasStore, p: Parcellation, datasets: DatasetResolver) {
  const v = p.version;
  const resolved = await datasets.resolve(p.datasets);
  return {
    "@type": "siibra-0.4/parcellation",
    "@id": p.id,
    name: p.name,
    modality: p.modality,
    datasets: resolved,
    brainAtlasVersions: brainAtlasVersions(store, p, conceptDescription(p.description, resolved)),
    version: v
      ? {
          "@type": "siibra-0.4/parcellation_version",
          name: v.name,
          deprecated: v.deprecated,
          collection: v.collection,
          prev: v.prev ? { "@id": v.prev } : null,
          next: v.next ? { "@id": v.next } : null,
        }
      : null,
    shortname: p.shortName,
  };
}

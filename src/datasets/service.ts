/**
 * Dataset metadata of a concept, resolved from its `ebrains` and `publications` blocks in siibra's order
 * (siibra 0.4a106 `Factory.extract_datasets`): minds/core/dataset/v1.0.0, openminds/DatasetVersion,
 * openminds/Dataset, then every publication with a `name` as a generic dataset.
 *
 * KG documents come through the deployment's one `KgStore` (short timeout, caches, de-duplication),
 * shared with the region relations; whatever cannot be fetched is served ids-only (see build.ts),
 * so `resolve` never fails because of the network.
 * A list value in the `ebrains` block (siibra would crash) yields one dataset per id.
 */
import type { DatasetRefs, Publication } from "../atlas/model.ts";
import { genericModel, idsOnlyModel, v1Model, v3DatasetModel, v3VersionModel } from "./build.ts";
import { kgUuid } from "../lib/kg-uuid.ts";
import { parseV1, parseV3 } from "./kg-records.ts";
import type { V3Record } from "./kg-records.ts";
import type { KgLookup, KgStore } from "./kg-store.ts";
import { KG_DATASET_KEYS } from "./types.ts";
import type { DatasetService, EbrainsDatasetModel, KgDatasetKey, ResolvedDatasets } from "./types.ts";

type Built = { model: EbrainsDatasetModel; partial: boolean };

/**
 * Dataset metadata read from `store` (the deployment's `KgStore`). It caches parsed values by path, so
 * this service owns the dataset paths (`ebrainsquery/v1/dataset`, `…/v3/DatasetVersion`, `…/v3/Dataset`).
 */
export function createDatasetService(store: Pick<KgStore, "lookup">): DatasetService {
  const v1 = (uuid: string) => store.lookup(`ebrainsquery/v1/dataset/${uuid}.json`, parseV1);
  const dsv = (uuid: string) =>
    store.lookup(`ebrainsquery/v3/DatasetVersion/${uuid}.json`, (d) => parseV3(d, "DatasetVersion"));
  const ds = (uuid: string) => store.lookup(`ebrainsquery/v3/Dataset/${uuid}.json`, (d) => parseV3(d, "Dataset"));
  /** Partial: a document that a source could not deliver (down, too slow) may still come; one it does not have will not. */
  const values = <T>(looked: KgLookup<T>[]) => ({
    found: looked.map((l) => l.value),
    partial: looked.some((l) => l.unavailable),
  });

  async function build(key: KgDatasetKey, id: string): Promise<Built> {
    const uuid = kgUuid(id);
    const idsOnly = (partial: boolean) => ({ model: idsOnlyModel(key, id), partial });
    if (uuid === null) return idsOnly(false); // not a KG id: nothing to fetch, nothing will improve
    if (key === "minds/core/dataset/v1.0.0") {
      const rec = await v1(uuid);
      return rec.value ? { model: v1Model(id, rec.value), partial: false } : idsOnly(rec.unavailable);
    }
    const looked = key === "openminds/DatasetVersion" ? await dsv(uuid) : await ds(uuid);
    const rec = looked.value;
    if (!rec) return idsOnly(looked.unavailable);
    if (key === "openminds/DatasetVersion") {
      // Parents are only consulted for a missing name or description (as upstream's lazy properties).
      const needParents = !rec.fullName || !rec.description;
      const parents = values(needParents ? await Promise.all(rec.related.map(ds)) : []);
      return { model: v3VersionModel(id, rec, present(parents.found)), partial: parents.partial };
    }
    const versions = values(await Promise.all(rec.related.map(dsv)));
    return { model: v3DatasetModel(id, rec, present(versions.found)), partial: versions.partial };
  }

  async function resolveDetailed(refs: DatasetRefs): Promise<ResolvedDatasets> {
    const built = await Promise.all(KG_DATASET_KEYS.flatMap((key) => idsOf(refs, key).map((id) => build(key, id))));
    const generic = namedPublications(refs.publications).map(genericModel);
    return {
      datasets: [...built.map((b) => b.model), ...generic],
      partial: built.some((b) => b.partial),
    };
  }

  return {
    resolveDetailed,
    resolve: async (refs) => (await resolveDetailed(refs)).datasets,
  };
}

/** Ids-only datasets without any network access (tests, and offline deployments). */
export function createIdsOnlyDatasetService(): DatasetService {
  async function resolveDetailed(refs: DatasetRefs): Promise<ResolvedDatasets> {
    const ebrains = KG_DATASET_KEYS.flatMap((key) => idsOf(refs, key).map((id) => idsOnlyModel(key, id)));
    // Offline is a steady state, not a transient failure: the answer is as good as it will get.
    return { datasets: [...ebrains, ...namedPublications(refs.publications).map(genericModel)], partial: false };
  }
  return { resolveDetailed, resolve: async (refs) => (await resolveDetailed(refs)).datasets };
}

function idsOf(refs: DatasetRefs, key: KgDatasetKey): string[] {
  const value = refs.ebrains[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => typeof v === "string");
}

function namedPublications(pubs: Publication[]): (Publication & { name: string })[] {
  return pubs.filter((p): p is Publication & { name: string } => typeof p.name === "string" && p.name !== "");
}

function present(records: (V3Record | null)[]): V3Record[] {
  return records.filter((r): r is V3Record => r !== null);
}

/**
 * Wire shapes of siibra-api's `EbrainsDatasetModel` family (`api/models/_retrieval/datasets.py`), keys in
 * emitted order.
 */
import type { DatasetRefs } from "../atlas/model.ts";

export type EbrainsDsUrl = { "@type": null; url: string };

export type EbrainsDsPerson = {
  "@type": null;
  "@id": string;
  "schema.org/shortName": string | null;
  identifier: string;
  shortName: string;
  name: string;
};

export type EbrainsDatasetModel = {
  "@type": null;
  "@id": string;
  name: string;
  urls: EbrainsDsUrl[];
  description: string | null;
  contributors: EbrainsDsPerson[];
  ebrains_page: string | null;
  custodians: EbrainsDsPerson[];
};

export type ResolvedDatasets = {
  datasets: EbrainsDatasetModel[];
  /**
   * True when some knowledge-graph lookup failed and ids-only placeholders were served: the answer may
   * improve later, so callers should not put it in a long-lived response cache.
   */
  partial: boolean;
};

/** Resolves dataset metadata (knowledge-graph proxy) into wire `EbrainsDatasetModel`s: what serializers need. */
export type DatasetResolver = {
  resolve(refs: DatasetRefs): Promise<Record<string, unknown>[]>;
};

export interface DatasetService {
  /** Datasets of one concept in siibra's order; never rejects because of the network. */
  resolve(refs: DatasetRefs): Promise<EbrainsDatasetModel[]>;
  /** Same as `resolve`, also telling whether the result is degraded. */
  resolveDetailed(refs: DatasetRefs): Promise<ResolvedDatasets>;
}

/** The three EBRAINS dataset flavours siibra 0.4 builds from an `ebrains` block, in its order. */
export const KG_DATASET_KEYS = ["minds/core/dataset/v1.0.0", "openminds/DatasetVersion", "openminds/Dataset"] as const;
export type KgDatasetKey = (typeof KG_DATASET_KEYS)[number];

/** Public surface of the dataset-metadata module (wire `EbrainsDatasetModel`s from `DatasetRefs`). */
export { createDatasetService, createIdsOnlyDatasetService } from "./service.ts";
export { DATA_PROXY_SOURCE, JUGIT_SOURCE } from "./kg-store.ts";
export type { KgSource } from "./kg-store.ts";
export type { DatasetService, EbrainsDatasetModel, EbrainsDsPerson, EbrainsDsUrl, ResolvedDatasets } from "./types.ts";

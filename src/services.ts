import type { AtlasStore } from "./atlas/store.ts";
import type { DatasetRefs } from "./atlas/model.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { RemapRules, RemoteFetcher } from "./lib/remote.ts";
import type { ByteLru } from "./lib/byte-lru.ts";
import type { KgDocuments } from "./atlas/related.ts";
import type { ResponseCache } from "./cache/index.ts";
import type { ServiceMetrics } from "./metrics/service-metrics.ts";
import type { WorkerDeps } from "../routes/worker.ts";

export type Logger = {
  /** False when info lines are dropped, so hot paths can skip formatting them. */
  readonly infoEnabled: boolean;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

/** Resolves dataset metadata (knowledge-graph proxy) into wire `EbrainsDatasetModel`s. */
export type DatasetResolver = {
  resolve(refs: DatasetRefs): Promise<Record<string, unknown>[]>;
};

/** What jobs may use: the data layer and remote metadata, nothing HTTP. */
export type JobContext = {
  store: AtlasStore;
  datasets: DatasetResolver;
  /** Knowledge-graph snapshot documents (region relations); never rejects, null when unreachable. */
  kg: KgDocuments;
  /** `SIIBRA_API_REMAP_PROVIDERS` rewrites, applied to served data URLs and to outbound fetches. */
  remap: RemapRules;
  /** Outbound HTTP for data files (remaps, budgets and failures handled inside). */
  fetcher: RemoteFetcher;
  /** Decoded remote data (feature tables, volumes), bounded by bytes. */
  dataCache: ByteLru;
  logger: Logger;
};

/** Everything the app is built from; chosen once in the composition root (src/compose.ts). */
export type Services = JobContext & {
  role: "all" | "server" | "worker";
  /** `x-siibra-api-version` and the cache key prefix. */
  version: string;
  /** Digest of the served data (configuration + remaps), part of cache keys. */
  dataVersion: string;
  jobs: JobRunner;
  /** Budget of the in-process bytes of immutable answers (src/http/immutable-bytes.ts). */
  memoBytes: number;
  cache: ResponseCache;
  metrics: ServiceMetrics;
  /** Role `worker`: what the QStash endpoint needs. */
  worker?: WorkerDeps;
};

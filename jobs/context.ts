import type { AtlasStore } from "../src/atlas/store.ts";
import type { KgDocuments } from "../src/atlas/related.ts";
import type { DatasetResolver } from "../src/datasets/types.ts";
import type { ByteLru } from "../src/lib/byte-lru.ts";
import type { Logger } from "../src/lib/logger.ts";
import type { RemapRules, RemoteFetcher } from "../src/lib/remote.ts";
import type { MeshFragments } from "../src/atlas/mesh-fragments.ts";
import type { DownloadsDeps } from "../src/downloads/context.ts";

/** What jobs may use: the data layer and remote metadata, nothing HTTP (imports only from below jobs/). */
export type JobContext = {
  store: AtlasStore;
  datasets: DatasetResolver;
  /** Knowledge-graph snapshot documents (region relations); never rejects, null when unreachable. */
  kg: KgDocuments;
  /** `SIIBRA_API_REMAP_PROVIDERS` rewrites, applied to served data URLs and to outbound fetches. */
  remap: RemapRules;
  /**
   * Outbound HTTP for data files (src/lib/remote.ts): remaps, the host allow-list, the time budget, the size
   * cap and failure memory are applied inside; failures are typed 502/503/504 errors naming the host and
   * `what` (pass `{ what: "feature <id>" }`); `{ inflate: "auto" }` also un-gzips under the same cap.
   */
  fetcher: RemoteFetcher;
  /** Mesh fragment names of surface meshes, read from the neuroglancer host (never rejects). */
  meshes: MeshFragments;
  /** Atlas-download tasks: where bundles are kept, what builds their data files, how long they live. */
  downloads: DownloadsDeps<JobContext>;
  /** Decoded remote data (feature tables, volumes), bounded by bytes. */
  dataCache: ByteLru;
  logger: Logger;
  /**
   * Says that the answer being built works around a source that failed (an image box that could not be
   * read, …): the answer is served but kept only for the failure memory. Dataset and mesh look-ups
   * report their own failures; a no-op outside a job run.
   */
  markPartial(): void;
};

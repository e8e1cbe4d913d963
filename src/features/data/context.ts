import type { AtlasStore } from "../../atlas/store.ts";
import type { DatasetResolver } from "../../datasets/types.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemapRules, RemoteFetcher } from "../../lib/remote.ts";

/**
 * What the feature data layer uses (a job's context satisfies it): the configuration, dataset
 * metadata, the outbound fetcher and the byte-bounded cache of decoded data.
 */
export type FeatureContext = {
  store: AtlasStore;
  datasets: DatasetResolver;
  fetcher: RemoteFetcher;
  dataCache: ByteLru;
  /** Served provider URLs are remapped like everywhere else (image features). */
  remap?: RemapRules;
};

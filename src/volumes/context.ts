import type { AtlasStore } from "../atlas/store.ts";
import type { ByteLru } from "../lib/byte-lru.ts";
import type { RemoteFetcher } from "../lib/remote.ts";

/** What the volume layer needs of a job's context (a `VolumeContext` is one): data, outbound HTTP, cache. */
export type VolumeContext = {
  store: AtlasStore;
  fetcher: RemoteFetcher;
  dataCache: ByteLru;
};

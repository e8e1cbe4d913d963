import type { AtlasStore } from "../atlas/store.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { Logger } from "../lib/logger.ts";
import type { RemoteFetcher } from "../lib/remote.ts";
import type { BundleFiles } from "./bundle-files.ts";
import type { TaskStore } from "./task-store.ts";

/** What builds and keeps bundles; `C` is the context the data-file producers take (the job context). */
export type DownloadsDeps<C> = { store: TaskStore; files: BundleFiles<C>; ttlSeconds: number };

/** The part of the job context a bundle is built with. */
export type BundleContext<C> = {
  store: AtlasStore;
  datasets: DatasetResolver;
  fetcher: RemoteFetcher;
  logger: Logger;
  downloads: DownloadsDeps<C>;
};

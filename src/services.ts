import type { JobContext } from "../jobs/context.ts";
import type { JobRunner } from "../jobs/runner.ts";
import type { DownloadTasks } from "./downloads/tasks.ts";
import type { JobReceiver } from "../jobs/qstash-receiver.ts";
import type { ResponseCache } from "./cache/index.ts";
import type { ServiceMetrics } from "./metrics/service-metrics.ts";

/** Everything the app is built from; chosen once in the composition root (src/compose.ts). */
export type Services = JobContext & {
  role: "all" | "server" | "worker";
  /** `x-siibra-api-version` and the cache key prefix. */
  version: string;
  /** Digest of the served data (configuration + remaps), part of cache keys. */
  dataVersion: string;
  jobs: JobRunner;
  /** `/atlas_download` tasks (started here, built here or by a worker). */
  downloadTasks: DownloadTasks;
  cache: ResponseCache;
  metrics: ServiceMetrics;
  /** Role `worker`: the receiving half of the QStash transport, behind `POST /_jobs/{queue}`. */
  receiver?: JobReceiver;
};

import type { JobContext } from "../jobs/context.ts";
import type { JobRunner } from "./transport/runner.ts";
import type { JobReceiver } from "./transport/qstash-receiver.ts";
import type { DownloadTasks } from "./downloads/tasks.ts";
import type { Admission } from "./http/admission/lanes.ts";
import type { ResponseCache } from "./cache/index.ts";
import type { ServiceMetrics } from "./metrics/service-metrics.ts";
import type { HttpCacheConfig } from "./http/caching/http-cache-config.ts";
import type { RateLimiter } from "./lib/rate-limiter.ts";

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
  /** Bytes of answers kept in the process (role `all`); also bounds the replay lane (src/http/caching/immutable-lane.ts). */
  keepBytes: number;
  cache: ResponseCache;
  /** ETags, conditional requests and `Cache-Control` classes (each route's policy, src/http/request/route-policy.ts). */
  httpCache: HttpCacheConfig;
  /** Admission control by criticality class (roles all and server). */
  admission: Admission;
  /** Per-client budgets by class (roles all and server); null when `SIIBRA_API_RATE_LIMIT` is unset. */
  rateLimiter: RateLimiter | null;
  metrics: ServiceMetrics;
  /** Role `worker`: the receiving half of the QStash transport, behind `POST /_jobs/{queue}`. */
  receiver?: JobReceiver;
};

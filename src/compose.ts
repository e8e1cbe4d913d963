import { AtlasStore } from "./atlas/store.ts";
import { createDatasetService } from "./datasets/index.ts";
import { KgStore, URL_SOURCE } from "./datasets/kg-store.ts";
import { meshFragments } from "./atlas/mesh-fragments.ts";
import type { MeshFragments } from "./atlas/mesh-fragments.ts";
import { downloadTasksOf, downloadsCacheDir, downloadsContext } from "./compose-downloads.ts";
import { memoryBudget } from "./config/memory-budget.ts";
import type { MemoryBudget, Store } from "./config/memory-budget.ts";
import type { BundleFiles } from "./downloads/bundle-files.ts";
import { Admission } from "./http/admission/lanes.ts";
import { CLASSES, CLASS_NAMES } from "./http/admission/classes.ts";
import { consoleLogger } from "./lib/logger.ts";
import { ByteLru } from "./lib/byte-lru.ts";
import { md5Hex } from "./lib/md5.ts";
import { composeJobs } from "./compose-jobs.ts";
import { ServiceMetrics } from "./metrics/service-metrics.ts";
import { memoryCache, noCache, upstashCache } from "./cache/index.ts";
import type { HttpCacheConfig } from "./http/caching/http-cache-config.ts";
import type { ResponseCache } from "./cache/index.ts";
import type { ConfigFiles } from "./config/files.ts";
import { redisOf } from "./env.ts";
import type { Env } from "./env.ts";
import { createRemoteFetcher } from "./lib/remote.ts";
import { memoryRateLimiter } from "./lib/rate-limiter.ts";
import type { RateLimiter } from "./lib/rate-limiter.ts";
import { upstashRateLimiter } from "./lib/upstash-rate-limiter.ts";
import type { RemoteFetcher, RemapRules } from "./lib/remote.ts";
import type { Services } from "./services.ts";
import type { JobContext } from "../jobs/context.ts";
import type { DatasetResolver } from "./datasets/types.ts";
import { serviceAllowList } from "./config/remote-hosts.ts";
import type { KgDocuments } from "./atlas/related.ts";
import type { LaneLimits } from "./http/admission/lanes.ts";

export type ComposeInputs = {
  env: Env;
  files: ConfigFiles;
  remap: RemapRules;
  /** Override the outbound fetcher (default: the hardened one built from the environment below). */
  fetcher?: RemoteFetcher;
  /** Override the knowledge-graph resolver (tests use the ids-only one). */
  datasets?: DatasetResolver;
  kg?: KgDocuments;
  /** Override the mesh fragment source (tests without a neuroglancer host). */
  meshes?: MeshFragments;
  /** Override what builds the data files of atlas-download bundles (tests). */
  bundleFiles?: BundleFiles<JobContext>;
  /** Role `all` on a runtime with threads: the module and data of a job thread (src/pool-thread.ts). */
  pool?: { threadUrl: URL; threadData: unknown };
};

/** Where the response cache lives: `auto` is Redis when configured, else the process. */
function responseCacheIn(env: Env): "none" | "redis" | "memory" {
  if (env.SIIBRA_API_CACHE === "none") return "none";
  return env.SIIBRA_API_CACHE !== "memory" && redisOf(env) ? "redis" : "memory";
}

function cacheOf(env: Env, metrics: ServiceMetrics, memory: MemoryBudget): ResponseCache {
  const redis = redisOf(env);
  const onError = (operation: string) => metrics.cacheErrors.inc({ operation });
  const where = responseCacheIn(env);
  if (where === "none") return noCache();
  if (where === "redis" && redis) return upstashCache({ ...redis, timeoutMs: 250, onError });
  return memoryCache({ maxEntries: memory.responseCacheEntries, maxBytes: memory.responseCacheBytes });
}

/** Stores this deployment does not hold in memory leave their share of the budget to the others. */
function unusedStores(env: Env): Store[] {
  const unused: Store[] = [];
  if (responseCacheIn(env) !== "memory") unused.push("responseCache");
  if (env.SIIBRA_API_ROLE !== "all" || downloadsCacheDir(env) !== null) unused.push("downloadMemory");
  // Roles server and worker keep answers in Redis.
  if (env.SIIBRA_API_ROLE !== "all") unused.push("keep");
  return unused;
}

/**
 * The memory budget of a process with `threads` job threads, as seen by the main thread (`thread`
 * false) or by one job thread. Each thread decodes remote data into a cache of its own, so the
 * decoded-data share is divided: the threads run the jobs that read data files (features, volumes,
 * bundles) and take three quarters between them; the main thread keeps a quarter for the core jobs.
 */
export function memoryOf(env: Env, threads: number, thread = false): MemoryBudget {
  const budget = memoryBudget(env.SIIBRA_API_MEMORY_MB, env.storeSizes, unusedStores(env));
  if (threads <= 0) return budget;
  const share = thread ? (budget.dataCacheBytes * 3) / 4 / threads : budget.dataCacheBytes / 4;
  return { ...budget, dataCacheBytes: Math.floor(share) };
}

function httpCacheConfig(env: Env): HttpCacheConfig {
  return {
    enabled: env.SIIBRA_API_HTTP_CACHE === "on",
    maxAgeSeconds: {
      metadata: env.SIIBRA_API_MAX_AGE_METADATA,
      files: env.SIIBRA_API_MAX_AGE_FILES,
      live: env.SIIBRA_API_MAX_AGE_LIVE,
    },
    staleWhileRevalidateSeconds: env.SIIBRA_API_STALE_WHILE_REVALIDATE,
    etagEpochSeconds: env.SIIBRA_API_ETAG_EPOCH,
  };
}

/**
 * Off unless budgets are configured. Counted in Redis whenever it is configured (instances share the
 * budgets), else in the process (role all); a worker takes no client requests.
 */
function rateLimiterOf(env: Env, metrics: ServiceMetrics): RateLimiter | null {
  const rules = env.SIIBRA_API_RATE_LIMIT;
  if (env.SIIBRA_API_ROLE === "worker" || Object.keys(rules).length === 0) return null;
  const redis = redisOf(env);
  if (!redis) return memoryRateLimiter(rules);
  return upstashRateLimiter({
    ...redis,
    rules,
    prefix: "siibra-edge:ratelimit",
    timeoutMs: 250,
    onError: (reason) => metrics.rateLimitErrors.inc({ reason }),
  });
}

/** Retry-After per class: about the time a slot of that class takes to free up. */
const RETRY_AFTER_S = { interactive: 1, detail: 2, files: 5, compounds: 10 } as const;

function admissionOf(env: Env): Admission {
  const lanes = Object.fromEntries(
    CLASS_NAMES.map((name): [string, LaneLimits] => {
      if (name === "critical") {
        const unlimited = Number.POSITIVE_INFINITY;
        return [name, { weight: CLASSES[name].weight, concurrency: unlimited, queue: unlimited, retryAfterSeconds: 1 }];
      }
      const limits: LaneLimits = {
        weight: CLASSES[name].weight,
        concurrency: env.SIIBRA_API_CLASS_CONCURRENCY[name],
        queue: env.SIIBRA_API_CLASS_QUEUE[name],
        retryAfterSeconds: RETRY_AFTER_S[name],
        // Half the objective waiting at most leaves the other half for the work itself.
        maxWaitMs: CLASSES[name].p95Ms / 2,
      };
      return [name, limits];
    }),
  );
  return new Admission(lanes, env.SIIBRA_API_CLASS_SLOTS);
}
/**
 * The data fetcher: budgets and caps from the environment, and only the hosts that the configuration
 * (or the service, or the operator) names, as remapped, may be contacted.
 */
export function dataFetcher(env: Env, files: ConfigFiles, remap: RemapRules): RemoteFetcher {
  return createRemoteFetcher({
    remap,
    allow: () => serviceAllowList(files, remap, env.SIIBRA_API_REMOTE_ALLOW_HOSTS),
    timeoutMs: env.SIIBRA_API_REMOTE_TIMEOUT_MS,
    maxBytes: env.SIIBRA_API_REMOTE_MAX_MB * 1024 * 1024,
    failureTtlMs: env.SIIBRA_API_REMOTE_FAILURE_TTL_MS,
  });
}

/** What jobs run with: the data layer and remote metadata, built once per process (and per job thread). */
export function composeContext(inputs: ComposeInputs, memory: MemoryBudget): JobContext {
  const { env, files, remap } = inputs;
  const fetcher = inputs.fetcher ?? dataFetcher(env, files, remap);
  const kgTimeoutMs = env.SIIBRA_API_KG_TIMEOUT_MS;
  const failureTtlMs = env.SIIBRA_API_KG_FAILURE_TTL_MS;
  // One store of knowledge-graph documents: dataset metadata and region relations share its caches.
  const kgStore = new KgStore({ fetcher, timeoutMs: kgTimeoutMs, failureTtlMs });
  return {
    store: new AtlasStore(files),
    datasets: inputs.datasets ?? createDatasetService(kgStore),
    kg: inputs.kg ?? kgStore,
    remap,
    fetcher,
    // Same budget and failure memory as knowledge-graph lookups: /spaces is on siibra-explorer's first paint.
    meshes:
      inputs.meshes ??
      meshFragments(new KgStore({ fetcher, timeoutMs: kgTimeoutMs, failureTtlMs, sources: [URL_SOURCE] })),
    downloads: downloadsContext(env, inputs.bundleFiles, memory.downloadMemoryBytes),
    dataCache: new ByteLru(memory.dataCacheBytes),
    logger: consoleLogger(env.SIIBRA_API_LOG),
    // Outside a job run nothing is being built: reports go nowhere (src/transport/inline.ts tracks runs).
    markPartial: () => {},
  };
}

/** The composition root: picks every implementation once, from the parsed environment and role. */
export function composeServices(inputs: ComposeInputs): Services {
  const { env, files, remap } = inputs;
  const threads = env.SIIBRA_API_ROLE === "all" && inputs.pool ? env.SIIBRA_API_POOL_THREADS : 0;
  const memory = memoryOf(env, threads);
  const ctx = composeContext(inputs, memory);
  const { logger } = ctx;
  const metrics = new ServiceMetrics();
  // Remaps change served URLs, so they are part of the data version like the configuration is.
  const dataVersion = `${files.version}-${md5Hex(remap.map(([a, b]) => `${a}::${b}`).join("\n")).slice(0, 8)}`;
  const { keepBytes } = memory;
  const { jobs, receiver } = composeJobs({
    env,
    ctx,
    dataVersion: `${env.SIIBRA_API_VERSION}:${dataVersion}`,
    logger,
    metrics,
    pool: inputs.pool,
    keepBytes,
  });
  return {
    ...ctx,
    httpCache: httpCacheConfig(env),
    role: env.SIIBRA_API_ROLE,
    version: env.SIIBRA_API_VERSION,
    dataVersion,
    metrics,
    keepBytes,
    admission: admissionOf(env),
    rateLimiter: rateLimiterOf(env, metrics),
    cache: cacheOf(env, metrics, memory),
    downloadTasks: downloadTasksOf(env, ctx.downloads.store, jobs),
    jobs,
    ...(receiver ? { receiver } : {}),
  };
}

import { join } from "node:path";
import { memoryTaskStore } from "./downloads/task-store.ts";
import { diskTaskStore } from "./downloads/disk-task-store.ts";
import { defaultCacheDir } from "./config/download.ts";
import { upstashTaskStore } from "./downloads/upstash-task-store.ts";
import { downloadTasks } from "./downloads/tasks.ts";
import { featureExportZip } from "./features/export.ts";
import { labelledMapFile, statisticalMapFile, templateFile } from "./volumes/index.ts";
import { atlasDownload } from "../jobs/atlas-download.ts";
import { redisOf } from "./env.ts";
import type { Env } from "./env.ts";
import type { BundleFiles } from "./downloads/bundle-files.ts";
import type { DownloadTasks } from "./downloads/tasks.ts";
import type { TaskStore } from "./downloads/task-store.ts";
import type { JobRunner } from "./transport/runner.ts";
import type { JobContext } from "../jobs/context.ts";

/**
 * A bundle data file kept in the decoded-data cache: bundles of one atlas, parcellation and space
 * repeat the same files (only README's date differs), so a repeated bundle costs its zip, not the
 * NIfTI encoding and gzip of whole-brain volumes again.
 */
const kept =
  <Q>(kind: string, build: (ctx: JobContext, q: Q) => Promise<Uint8Array>) =>
  (ctx: JobContext, q: Q): Promise<Uint8Array> =>
    ctx.dataCache.getOrLoad(`bundle-file:${kind}:${JSON.stringify(q)}`, async () => {
      const bytes = await build(ctx, q);
      return { value: bytes, bytes: bytes.byteLength };
    });

/** What builds a bundle's data files: the volume layer's NIfTI files and the feature layer's export. */
const DATA_FILES: BundleFiles<JobContext> = {
  statisticalMap: kept("statistical", (ctx, q) => statisticalMapFile(ctx, q)),
  labelledMap: kept("labelled", (ctx, q) => labelledMapFile(ctx, q)),
  template: kept("template", (ctx, q) => templateFile(ctx, q)),
  featureExport: kept("feature", (ctx, featureId: string) => featureExportZip(ctx, featureId)),
};

/**
 * The cache directory when the environment names one (the Bun entry's always does, through `HOME`);
 * null on Workers, whose bindings carry none of these and which have no disk to keep zips on.
 */
export function downloadsCacheDir(env: Env): string | null {
  if (!env.SIIBRA_CACHEDIR && !env.XDG_CACHE_HOME && !env.HOME) return null;
  return defaultCacheDir({ siibraCacheDir: env.SIIBRA_CACHEDIR, xdgCacheHome: env.XDG_CACHE_HOME, home: env.HOME });
}

/**
 * The atlas-download part of the composition root. Roles `server` and `worker` share tasks through
 * Redis (the server records and polls, a worker builds); role `all` keeps zips under the cache
 * directory (`<cacheDir>/downloads`), or in the process when there is none.
 */
export function downloadsContext(
  env: Env,
  files: BundleFiles<JobContext> | undefined,
  /** Bound of the in-process store (no cache directory): the memory budget's share. */
  memoryBytes = env.SIIBRA_API_DOWNLOAD_MEMORY_MB * 1024 * 1024,
): JobContext["downloads"] {
  const redis = env.SIIBRA_API_ROLE !== "all" ? redisOf(env) : null;
  const cacheDir = downloadsCacheDir(env);
  return {
    store: redis
      ? upstashTaskStore(redis)
      : cacheDir
        ? diskTaskStore({
            dir: join(cacheDir, "downloads"),
            maxBytes: env.SIIBRA_API_DOWNLOAD_DISK_MB * 1024 * 1024,
            orphanTtlSeconds: env.SIIBRA_API_DOWNLOAD_TTL,
          })
        : memoryTaskStore({ maxBytes: memoryBytes }),
    files: files ?? DATA_FILES,
    ttlSeconds: env.SIIBRA_API_DOWNLOAD_TTL,
  };
}

/**
 * `/atlas_download` tasks: recorded in the task store, built by the `atlas_download.bundle` job, which
 * the answer path enqueues (role `all`: in this process's background, on a job thread when the store is
 * shared; role `server`: on a worker through QStash) and which leaves the zip and its record in the store.
 */
export function downloadTasksOf(env: Env, store: TaskStore, jobs: JobRunner): DownloadTasks {
  const timeoutMs = env.SIIBRA_API_QUEUE_TIMEOUT_MS.compounds;
  return downloadTasks({
    store,
    launcher: { launch: (taskId, req) => jobs.enqueue(atlasDownload, { task_id: taskId, ...req }) },
    ttlSeconds: env.SIIBRA_API_DOWNLOAD_TTL,
    // Delivery retries included, so a task is only declared lost once the queue has given up on it.
    pendingTimeoutMs: timeoutMs * (env.SIIBRA_API_JOB_RETRIES + 1) + 60_000,
    version: env.SIIBRA_API_VERSION,
  });
}

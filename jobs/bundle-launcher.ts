import { Client } from "@upstash/qstash";
import { atlasDownload } from "./atlas-download.ts";
import { jobId } from "./job-id.ts";
import type { JobMessage } from "./message.ts";
import type { BundleLauncher } from "../src/downloads/tasks.ts";
import type { Logger } from "../src/lib/logger.ts";

export type QStashLauncherOptions = {
  qstash: { url: string; token: string };
  /** Worker base URLs of the `compounds` queue, used round-robin. */
  workers: string[];
  parallelism: number;
  timeoutMs: number;
  retries: number;
  dataVersion: string;
  /** Builds the bundle in this process when QStash cannot be reached. */
  fallback: BundleLauncher;
  logger: Logger;
};

/**
 * Role `server`: an atlas-download task is published to a worker of the `compounds` queue (same
 * message, flow-control key and signing as every other job) and not waited for: the worker leaves
 * the zip and the task's state in Redis, where polls read them.
 */
export function qstashLauncher(opts: QStashLauncherOptions): BundleLauncher {
  const client = new Client({
    baseUrl: opts.qstash.url,
    token: opts.qstash.token,
    devMode: false,
    enableTelemetry: false,
    retry: { retries: 2 },
  });
  let cursor = 0;
  return {
    async launch(taskId, req) {
      const payload = { task_id: taskId, ...req };
      try {
        const message: JobMessage = {
          id: await jobId(opts.dataVersion, atlasDownload.name, payload),
          job: atlasDownload.name,
          queue: atlasDownload.queue,
          payload,
          publishedAt: Date.now(),
        };
        const worker = opts.workers[cursor++ % opts.workers.length];
        await client.publishJSON({
          url: `${worker}/_jobs/${atlasDownload.queue}`,
          body: message,
          deduplicationId: message.id,
          retries: opts.retries,
          flowControl: { key: `siibra-edge-${atlasDownload.queue}`, parallelism: opts.parallelism },
          timeout: Math.ceil(opts.timeoutMs / 1000),
        });
      } catch (err) {
        opts.logger.warn(`atlas download ${taskId} runs inline: ${err instanceof Error ? err.message : String(err)}`);
        await opts.fallback.launch(taskId, req);
      }
    },
  };
}

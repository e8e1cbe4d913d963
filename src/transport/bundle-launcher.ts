import type { Job } from "../../jobs/job.ts";
import { jobId } from "./job-key.ts";
import { qstashPublisher } from "./qstash-publisher.ts";
import type { JobMessage } from "./message.ts";
import type { QStashPublisherOptions } from "./qstash-publisher.ts";
import type { BundleLauncher } from "../downloads/tasks.ts";
import type { Logger } from "../lib/logger.ts";

export type QStashLauncherOptions = QStashPublisherOptions & {
  dataVersion: string;
  /** The job that builds a bundle on a worker. */
  job: Job;
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
  const publisher = qstashPublisher(opts);
  return {
    async launch(taskId, req) {
      const atlasDownload = opts.job;
      const payload = { task_id: taskId, ...req };
      try {
        const message: JobMessage = {
          id: await jobId(opts.dataVersion, atlasDownload.name, payload),
          job: atlasDownload.name,
          queue: atlasDownload.queue,
          payload,
          publishedAt: Date.now(),
        };
        // Every task id is new, so the message id itself deduplicates only QStash-side retries of this publish.
        await publisher.publish(message, message.id);
      } catch (err) {
        opts.logger.warn(`atlas download ${taskId} runs inline: ${err instanceof Error ? err.message : String(err)}`);
        await opts.fallback.launch(taskId, req);
      }
    },
  };
}

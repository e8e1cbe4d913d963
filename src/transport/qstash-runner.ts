import { qstashPublisher } from "./qstash-publisher.ts";
import { parsePayload } from "./runner.ts";
import { unwrap } from "./outcome.ts";
import { jobId } from "./job-key.ts";
import { UnavailableError } from "../errors.ts";
import type { JobRunner } from "./runner.ts";
import type { JobMessage } from "./message.ts";
import type { JobOutcome } from "./outcome.ts";
import type { JobResults } from "./redis-outcomes.ts";
import type { QStashPublisherOptions } from "./qstash-publisher.ts";
import type { Logger } from "../lib/logger.ts";
import type { JobMetrics } from "../metrics/types.ts";

export type QStashRunnerOptions = QStashPublisherOptions & {
  results: JobResults;
  /** Part of every job id, so a new release or configuration never reuses old results. */
  dataVersion: string;
  /** Runs a job in this process: used when the queue or the result store is unreachable. */
  fallback: JobRunner;
  logger: Logger;
  metrics?: JobMetrics;
};

/**
 * Role `server`: a job is published through QStash to a worker endpoint of its queue (one
 * flow-control key per criticality class, so expensive classes cannot take all worker capacity),
 * then its outcome is awaited in Redis with bounded back-off. Identical concurrent requests share
 * one job: same id (name + payload + data version), same QStash deduplication id, one waiter.
 */
export function qstashRunner(opts: QStashRunnerOptions): JobRunner {
  const publisher = qstashPublisher(opts);
  const waiting = new Map<string, Promise<JobOutcome>>();

  async function dispatch(message: JobMessage): Promise<JobOutcome> {
    const done = await opts.results.get(message.id);
    if (done) return done;
    // Per-minute buckets: identical requests share one message, yet a job can run again after
    // its failed outcome (kept 60 s) has expired.
    await publisher.publish(message, `${message.id}-${Math.floor(Date.now() / 60_000)}`);
    return await awaitOutcome(message.id, opts.timeoutMs[message.queue]);
  }

  async function awaitOutcome(id: string, timeoutMs: number): Promise<JobOutcome> {
    const deadline = Date.now() + timeoutMs;
    // Most jobs take milliseconds: poll tightly first, then back off to a bounded interval.
    let delay = 1;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, delay));
      const outcome = await opts.results.get(id);
      if (outcome) return outcome;
      delay = Math.min(Math.ceil(delay * 1.5), 25);
    }
    throw new UnavailableError(`job ${id} did not finish within ${timeoutMs} ms`);
  }

  return {
    async run(job, payload) {
      const parsed = parsePayload(job, payload);
      const id = await jobId(opts.dataVersion, job.name, parsed);
      let pending = waiting.get(id);
      if (!pending) {
        const message: JobMessage = { id, job: job.name, queue: job.queue, payload: parsed, publishedAt: Date.now() };
        const started = performance.now();
        pending = dispatch(message)
          .then((outcome) => {
            opts.metrics?.job(job.queue, outcome.status === 200 ? "ok" : "error", performance.now() - started);
            return outcome;
          })
          .finally(() => waiting.delete(id));
        waiting.set(id, pending);
      }
      let outcome: JobOutcome;
      try {
        outcome = await pending;
      } catch (err) {
        if (err instanceof UnavailableError) throw err;
        // Queue or result store unreachable: answer from this process rather than fail the request.
        opts.logger.warn(`job ${job.name} runs inline: ${err instanceof Error ? err.message : String(err)}`);
        opts.metrics?.job(job.queue, "fallback", 0);
        return opts.fallback.run(job, payload);
      }
      return unwrap(outcome);
    },
  };
}

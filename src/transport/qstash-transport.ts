import { qstashPublisher } from "./qstash-publisher.ts";
import { AppError, UnavailableError } from "../errors.ts";
import type { Answer } from "./answer.ts";
import type { Keep, Watched } from "./keep.ts";
import type { JobMessage } from "./message.ts";
import type { QStashPublisher, QStashPublisherOptions } from "./qstash-publisher.ts";
import type { Transport } from "./transport.ts";
import type { Job } from "../../jobs/job.ts";
import type { Logger } from "../lib/logger.ts";
import type { JobMetrics } from "../metrics/types.ts";

export type QStashTransportOptions = QStashPublisherOptions & {
  /** Where workers leave answers (Redis): the same keep the server's pipeline reads. */
  keep: Keep;
  /** Runs a job in this process when the queue or the keep cannot be reached. */
  fallback: Transport;
  /** Starts a job in this process's background when the queue cannot be reached. */
  fallbackLaunch(job: Job, parsed: unknown, key: string): Promise<void>;
  logger: Logger;
  metrics?: JobMetrics;
  /** How many times a job whose outcome was lost is published again before it runs here (default 2). */
  republishes?: number;
  /** What sends the messages: by default QStash with these options (tests hand in their own). */
  publisher?: QStashPublisher;
};

const message = (job: Job, parsed: unknown, key: string): JobMessage => ({
  id: key,
  job: job.name,
  queue: job.queue,
  payload: parsed,
  publishedAt: Date.now(),
});

/**
 * Every publish gets its own deduplication id: identical requests of this server already share one run
 * (the pipeline), a job another server published too is run once by the worker's claim, and an answer
 * that expired (a partial one after the failure memory) or was lost is asked for again at once rather
 * than deduplicated away while the server waits for it.
 */
const deduplicationId = (key: string) => `${key}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * Role `server`: a job is published through QStash to a worker endpoint of its queue (one flow-control
 * key per criticality class, so expensive classes cannot take all worker capacity), then its answer is
 * awaited in the keep (Redis) with bounded back-off. Workers keep answers themselves.
 */
export function qstashTransport(opts: QStashTransportOptions): Transport {
  const publisher = opts.publisher ?? qstashPublisher(opts);
  const republishes = opts.republishes ?? 2;
  const watch = (key: string): Promise<Watched> =>
    opts.keep.watch?.(key) ?? opts.keep.get(key).then((kept) => ({ kept, running: false, written: null }));

  /**
   * Polls the keep until the answer is there. An answer stored and then lost (evicted, deleted, expired
   * early) leaves its write mark with neither the answer nor a claim beside it: no worker is going to store
   * it again, so the job is published again at once, with a fresh deduplication id, instead of being waited
   * on until the timeout. A job merely queued (no claim, no mark yet), running (claimed) or failed and due
   * for QStash's retry (claim released, no mark) is waited on. Each lost write is acted on once, and
   * `republishes` times in all: beyond, the keep evidently cannot hold this answer and the job runs here.
   */
  async function awaitKept(job: Job, parsed: unknown, key: string, timeoutMs: number): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    const lost = new Set<string>();
    // Most jobs take milliseconds: poll tightly first, then back off to a bounded interval.
    let delay = 1;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, delay));
      const { kept, running, written } = await watch(key);
      if (kept instanceof AppError) throw kept;
      if (kept) return kept;
      if (written !== null && !running && !lost.has(written)) {
        if (lost.size >= republishes) throw new Error(`the answer of job ${key} was lost ${lost.size + 1} times`);
        lost.add(written);
        opts.logger.warn(`job ${job.name}: its answer was lost after it was stored; published again`);
        await publisher.publish(message(job, parsed, key), deduplicationId(key));
        delay = 1;
        continue;
      }
      delay = Math.min(Math.ceil(delay * 1.5), 25);
    }
    throw new UnavailableError(`job ${key} did not finish within ${timeoutMs} ms`);
  }

  return {
    keepsAnswers: true,
    async execute(job, parsed, key) {
      const started = performance.now();
      try {
        await publisher.publish(message(job, parsed, key), deduplicationId(key));
        const answer = await awaitKept(job, parsed, key, opts.timeoutMs[job.queue]);
        opts.metrics?.job(job.queue, "ok", performance.now() - started);
        return answer;
      } catch (err) {
        if (err instanceof AppError) {
          opts.metrics?.job(job.queue, "error", performance.now() - started);
          throw err;
        }
        // Queue or keep unreachable: answer from this process rather than fail the request.
        opts.logger.warn(`job ${job.name} runs inline: ${err instanceof Error ? err.message : String(err)}`);
        opts.metrics?.job(job.queue, "fallback", 0);
        return opts.fallback.execute(job, parsed, key);
      }
    },
    async launch(job, parsed, key) {
      try {
        await publisher.publish(message(job, parsed, key), deduplicationId(key));
      } catch (err) {
        opts.logger.warn(`job ${job.name} runs here: ${err instanceof Error ? err.message : String(err)}`);
        await opts.fallbackLaunch(job, parsed, key);
      }
    },
  };
}

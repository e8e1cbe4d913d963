import * as v from "valibot";
import type { Receiver } from "@upstash/qstash";
import { AppError } from "../errors.ts";
import { JobMessage } from "./message.ts";
import { parsePayload } from "./runner.ts";
import { CLAIM_DEFAULTS, claimJob } from "./claims.ts";
import type { ClaimOptions } from "./claims.ts";
import type { Job } from "../../jobs/job.ts";
import { answerPipeline } from "./pipeline.ts";
import { backgroundQueue } from "./background.ts";
import { redisKeep } from "./keep-redis.ts";
import { consoleLogger } from "../lib/logger.ts";
import type { KeepPolicy } from "./keep.ts";
import type { Transport } from "./transport.ts";
import type { JobRunner } from "./runner.ts";
import type { Logger } from "../lib/logger.ts";
import type { JobResults } from "./redis-outcomes.ts";
import type { JobMetrics } from "../metrics/types.ts";

export type ReceiverDeps = {
  signingKeys: { current: string; next: string };
  /**
   * This worker's base URL as QStash calls it (`SIIBRA_API_WORKER_PUBLIC_URL`): a signature is accepted
   * only when its subject is `<publicUrl>/_jobs/<queue>`, so a message signed for another endpoint of the
   * same QStash account is refused.
   */
  publicUrl: string;
  /** The outcome store (Redis): answers are kept and claims taken there. */
  results: JobResults;
  /** Where the job runs: this process. */
  transport: Transport;
  /** How long answers are kept (partial ones only for the failure memory). */
  policy: KeepPolicy;
  /** The server's data version: keys of jobs enqueued here (none are: workers take no requests). */
  dataVersion?: string;
  logger?: Logger;
  /** QStash retries per message (what the server publishes with): the last attempt stores failures. */
  retries: number;
  /** How long final 4xx failures are kept (the outcome lifetime); 5xx ones are kept a minute. */
  resultTtlSeconds: number;
  metrics?: JobMetrics;
  /** The jobs this worker may run, by name (the registry, jobs/index.ts). */
  jobs: ReadonlyMap<string, Job>;
  /** Claims against two deliveries of one message running at once (default CLAIM_DEFAULTS). */
  claim?: ClaimOptions;
};

/** One QStash delivery, as the HTTP adapter read it. */
export type Delivery = {
  /** The `{queue}` of the endpoint path. */
  queue: string;
  signature: string | undefined;
  /** The raw body: the signature covers these exact bytes. */
  body: string;
  /** `Upstash-Retried`: 0 on the first attempt. */
  retried: number;
};

/**
 * The answer to QStash: 200 when the outcome is stored (or was already), 401 for a bad signature,
 * 489 + non-retryable for a message that can never succeed, 500 to have QStash retry.
 */
export type Receipt = { status: number; body: Record<string, unknown>; nonRetryable?: boolean };

export type JobReceiver = { receive(delivery: Delivery): Promise<Receipt> };

/** How long a final 5xx failure is kept: long enough for the waiting server, short enough to heal. */
const FAILURE_TTL_SECONDS = 60;

/**
 * An error that is not an AppError, in the body upstream answers such errors with. Its text is cut: a
 * refused Redis write quotes the whole command, and a failure record as large as the refused value
 * would be refused in turn, leaving the waiting server without an answer.
 */
const MAX_ERROR_TEXT = 2_000;
const unexpected = (err: unknown) => {
  const text = err instanceof Error ? err.message : String(err);
  const error = text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
  return new AppError(500, { detail: "Some error occurred", error });
};

const nonRetryable = (detail: string): Receipt => ({ status: 489, body: { detail }, nonRetryable: true });

/**
 * Role `worker`, the receiving half of the QStash transport (the sending half is qstash-transport.ts).
 * Verifies the signature on the raw body (current, then next key; subject = this endpoint) before
 * anything else; answers the job once per id through the worker's pipeline, which keeps the answer in
 * Redis (deliveries are at-least-once: a kept answer is not recomputed, and a claim keeps two deliveries
 * arriving together from both running it, src/transport/claims.ts). Final failures (success, 4xx, and 5xx that `AppError.retryable` says will not heal, e.g. a remote 404 → 502) are
 * stored at once; transient failures (other 5xx, unexpected errors) answer 500 so QStash retries, and are
 * stored only on the last attempt so the waiting server gets an answer.
 */
export function qstashReceiver(deps: ReceiverDeps): JobReceiver & { runner: JobRunner } {
  // The SDK loads in the background from here (start-up cost otherwise); a delivery before it is there waits.
  const verifier: Promise<Receiver> = import("@upstash/qstash").then(
    ({ Receiver }) =>
      new Receiver({ currentSigningKey: deps.signingKeys.current, nextSigningKey: deps.signingKeys.next }),
  );
  verifier.catch(() => {});
  const base = deps.publicUrl.replace(/\/+$/, "");
  const jobs = deps.jobs;
  const logger = deps.logger ?? consoleLogger("warn");
  const keep = redisKeep(deps.results, deps.dataVersion ?? "");
  // A worker's answer path: the Redis keep in front of this process. It takes no requests, so it never enqueues.
  const background = backgroundQueue({ concurrency: 1, maxWaiting: 0, onError: () => {} });
  const pipeline = answerPipeline({ keep, policy: deps.policy, transport: deps.transport, background, logger });

  async function verified(delivery: Delivery): Promise<Receipt | null> {
    if (!delivery.signature) return { status: 401, body: { detail: "missing Upstash-Signature" } };
    try {
      const url = `${base}/_jobs/${delivery.queue}`;
      await (await verifier).verify({ signature: delivery.signature, body: delivery.body, url, clockTolerance: 5 });
      return null;
    } catch {
      return { status: 401, body: { detail: "invalid Upstash-Signature" } };
    }
  }

  return {
    runner: pipeline,
    async receive(delivery) {
      const refused = await verified(delivery);
      if (refused) return refused;

      let message: JobMessage;
      try {
        message = v.parse(JobMessage, JSON.parse(delivery.body));
      } catch {
        return nonRetryable("malformed job message");
      }
      const job = jobs.get(message.job);
      if (!job || job.queue !== message.queue || delivery.queue !== message.queue) {
        const detail = `unknown job ${message.job} on queue ${message.queue}`;
        await keep.fail?.(message.id, new AppError(400, { detail }), deps.resultTtlSeconds * 1000);
        return nonRetryable(detail);
      }
      const done: Receipt = { status: 200, body: { status: "done", id: message.id } };
      if (await deps.results.get(message.id)) return done;
      // Another delivery of the same message may be running it right now: one of them runs, once.
      const claim = await claimJob(deps.results, message.id, deps.claim ?? CLAIM_DEFAULTS);
      if (claim === "done") return done;
      if (claim === "busy") return { status: 503, body: { detail: "job running elsewhere; retry" } };
      try {
        return await run(job, message, delivery, done);
      } finally {
        await claim.release();
      }
    },
  };

  async function run(job: Job, message: JobMessage, delivery: Delivery, done: Receipt): Promise<Receipt> {
    if (delivery.retried === 0) deps.metrics?.queueWait(message.queue, Date.now() - message.publishedAt);
    const started = performance.now();
    try {
      await pipeline.answer(job, parsePayload(job, message.payload), message.id);
      deps.metrics?.job(message.queue, "ok", performance.now() - started);
      return done;
    } catch (err) {
      const error = err instanceof AppError ? err : unexpected(err);
      // e.g. a remote 404 (502) is final at once; an unreachable host (503) is worth a retry.
      const transient = !(err instanceof AppError) || err.retryable;
      deps.metrics?.job(message.queue, transient ? "retry" : "error", performance.now() - started);
      if (transient && delivery.retried < deps.retries)
        return { status: 500, body: { detail: "job failed, retry", error: JSON.stringify(error.body) } };
      // A failure after the last retry answers the waiting server, but must not stick for the full TTL.
      const ttl = error.status >= 500 ? FAILURE_TTL_SECONDS : deps.resultTtlSeconds;
      await keep.fail?.(message.id, error, ttl * 1000);
      return done;
    }
  }
}

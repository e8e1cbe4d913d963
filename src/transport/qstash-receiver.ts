import { burnCpu } from "./memo-runner.ts";
import * as v from "valibot";
import type { Receiver } from "@upstash/qstash";
import { AppError } from "../errors.ts";
import { JobMessage } from "./message.ts";
import { failureOf, outcomeOf } from "./outcome.ts";
import { parsePayload } from "./runner.ts";
import { CLAIM_DEFAULTS, claimJob } from "./claims.ts";
import type { ClaimOptions } from "./claims.ts";
import type { JobContext } from "../../jobs/context.ts";
import type { Job } from "../../jobs/job.ts";
import type { JobOutcome } from "./outcome.ts";
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
  results: JobResults;
  ctx: JobContext;
  /** QStash retries per message (what the server publishes with): the last attempt stores failures. */
  retries: number;
  resultTtlSeconds: number;
  /** Fault injection (`SIIBRA_API_WORKER_DELAY_MS`): lets tests kill a worker in the middle of a job. */
  delayMs?: number;
  /** Fault injection (`SIIBRA_API_JOB_CPU_MS`): CPU burnt before each job of a queue (benchmarks). */
  cpuMs?: Partial<Record<string, number>>;
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

/** How long a failed outcome is kept: one deduplication bucket of the server (see qstash-runner.ts). */
const FAILURE_TTL_SECONDS = 60;

const nonRetryable = (detail: string): Receipt => ({ status: 489, body: { detail }, nonRetryable: true });

/**
 * Role `worker`, the receiving half of the QStash transport (the sending half is qstash-runner.ts).
 * Verifies the signature on the raw body (current, then next key; subject = this endpoint) before
 * anything else; runs the job once per id (deliveries are at-least-once: a stored outcome is not recomputed,
 * and a claim keeps two deliveries arriving together from both running it, src/transport/claims.ts); stores the outcome. Final
 * outcomes (success, 4xx, and 5xx that `AppError.retryable` says will not heal, e.g. a remote 404 → 502) are
 * stored at once; transient failures (other 5xx, unexpected errors) answer 500 so QStash retries, and are
 * stored only on the last attempt so the waiting server gets an answer.
 */
export function qstashReceiver(deps: ReceiverDeps): JobReceiver {
  // The SDK loads in the background from here (start-up cost otherwise); a delivery before it is there waits.
  const verifier: Promise<Receiver> = import("@upstash/qstash").then(
    ({ Receiver }) =>
      new Receiver({ currentSigningKey: deps.signingKeys.current, nextSigningKey: deps.signingKeys.next }),
  );
  verifier.catch(() => {});
  const base = deps.publicUrl.replace(/\/+$/, "");
  const jobs = deps.jobs;

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
        await deps.results.set(message.id, failureOf(new AppError(400, { detail })), deps.resultTtlSeconds);
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
    if (deps.delayMs) await new Promise((r) => setTimeout(r, deps.delayMs));
    const started = performance.now();
    burnCpu(deps.cpuMs?.[message.queue] ?? 0);
    let outcome: JobOutcome;
    let transient = false;
    try {
      outcome = outcomeOf(await job.run(parsePayload(job, message.payload), deps.ctx));
    } catch (err) {
      outcome = failureOf(err);
      // e.g. a remote 404 (502) is final at once; an unreachable host (503) is worth a retry.
      transient = !(err instanceof AppError) || err.retryable;
    }
    const result = transient ? "retry" : outcome.status === 200 ? "ok" : "error";
    deps.metrics?.job(message.queue, result, performance.now() - started);
    if (transient && delivery.retried < deps.retries)
      return { status: 500, body: { detail: "job failed, retry", error: JSON.stringify(outcome) } };
    // A failure after the last retry answers the waiting server, but must not stick for the full TTL.
    const ttl = outcome.status >= 500 ? FAILURE_TTL_SECONDS : deps.resultTtlSeconds;
    await deps.results.set(message.id, outcome, ttl);
    return done;
  }
}

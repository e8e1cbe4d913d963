import { Hono } from "hono";
import * as v from "valibot";
import { Receiver } from "@upstash/qstash";
import { envelopeResponse } from "../src/http/envelope.ts";
import { AppError } from "../src/errors.ts";
import { JOBS } from "../jobs/index.ts";
import { JobMessage, failureOf, outcomeOf } from "../jobs/envelope.ts";
import { parsePayload } from "../jobs/runner.ts";
import type { JobOutcome } from "../jobs/envelope.ts";
import type { AppEnv } from "../src/http/env.ts";
import type { WorkerDeps } from "../jobs/qstash-receiver.ts";

/** How long a failed outcome is kept: one deduplication bucket of the server (see qstash-runner.ts). */
const FAILURE_TTL_SECONDS = 60;

/** QStash's "do not retry" answer. */
function nonRetryable(detail: string) {
  const res = envelopeResponse(489, { detail });
  res.headers.set("Upstash-NonRetryable-Error", "true");
  return res;
}

/**
 * `POST /_jobs/{queue}`: the worker endpoint QStash delivers to. Verifies the signature on the raw
 * body (current, then next key) before anything else; runs the job once per id (deliveries are
 * at-least-once); stores the outcome in Redis. Deterministic outcomes (success, 4xx) are stored at
 * once; transient failures (5xx, unexpected errors) answer 500 so QStash retries, and are stored
 * only on the last attempt so the waiting server gets an answer.
 */
export function workerRoutes(deps: WorkerDeps) {
  const receiver = new Receiver({ currentSigningKey: deps.signingKeys.current, nextSigningKey: deps.signingKeys.next });
  return new Hono<AppEnv>().post("/_jobs/:queue", async (c) => {
    const signature = c.req.header("upstash-signature");
    const raw = await c.req.text();
    if (!signature) return envelopeResponse(401, { detail: "missing Upstash-Signature" });
    try {
      await receiver.verify({ signature, body: raw, clockTolerance: 5 });
    } catch {
      return envelopeResponse(401, { detail: "invalid Upstash-Signature" });
    }

    let message: JobMessage;
    try {
      message = v.parse(JobMessage, JSON.parse(raw));
    } catch {
      return nonRetryable("malformed job message");
    }
    const job = JOBS.get(message.job);
    if (!job || job.queue !== message.queue || c.req.param("queue") !== message.queue) {
      await deps.results.set(
        message.id,
        failureOf(new AppError(400, { detail: `unknown job ${message.job} on queue ${message.queue}` })),
        deps.resultTtlSeconds,
      );
      return nonRetryable(`unknown job ${message.job} on queue ${message.queue}`);
    }
    if (await deps.results.get(message.id)) return c.json({ status: "done", id: message.id });

    const retried = Number(c.req.header("upstash-retried") ?? "0");
    if (retried === 0) deps.metrics?.queueWait(message.queue, Date.now() - message.publishedAt);
    if (deps.delayMs) await new Promise((r) => setTimeout(r, deps.delayMs));
    const started = performance.now();
    let outcome: JobOutcome;
    let transient = false;
    try {
      outcome = outcomeOf(await job.run(parsePayload(job, message.payload), deps.ctx));
    } catch (err) {
      outcome = failureOf(err);
      transient = !(err instanceof AppError) || err.status >= 500;
    }
    deps.metrics?.job(
      message.queue,
      transient ? "retry" : outcome.status === 200 ? "ok" : "error",
      performance.now() - started,
    );
    if (transient && retried < deps.retries)
      return envelopeResponse(500, { detail: "job failed, retry", error: JSON.stringify(outcome) });
    // A failure after the last retry answers the waiting server, but must not stick for the full TTL.
    await deps.results.set(message.id, outcome, outcome.status >= 500 ? FAILURE_TTL_SECONDS : deps.resultTtlSeconds);
    return c.json({ status: "done", id: message.id });
  });
}

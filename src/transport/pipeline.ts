import { AppError } from "../errors.ts";
import { parsePayload } from "./runner.ts";
import { keepFor } from "./keep.ts";
import type { Answer } from "./answer.ts";
import type { Background } from "./background.ts";
import type { Keep, KeepPolicy } from "./keep.ts";
import type { JobRunner } from "./runner.ts";
import type { Transport } from "./transport.ts";
import type { Job } from "../../jobs/job.ts";
import type { Logger } from "../lib/logger.ts";

export type PipelineOptions = {
  keep: Keep;
  policy: KeepPolicy;
  transport: Transport;
  /** Where enqueued jobs run when the transport cannot hand them over. */
  background: Background;
  logger: Logger;
};

export type Pipeline = JobRunner & {
  /** The answer of an already parsed payload under a known key (a worker answering a delivery). */
  answer(job: Job, parsed: unknown, key: string): Promise<Answer>;
};

/**
 * The one answer path of every role: parse → keep → run. A kept answer is served; otherwise the
 * transport runs the job (identical requests in flight share that run) and the answer is kept for as
 * long as its kind allows: answers built around a failed source only for the failure memory, failures
 * never (a worker keeps its final failures itself, for the server waiting on them).
 */
export function answerPipeline(opts: PipelineOptions): Pipeline {
  const { keep, policy, transport, logger } = opts;
  const inflight = new Map<string, Promise<Answer>>();

  /** A read failure of the store is a miss: the transport then answers (and may fall back). */
  async function kept(key: string): Promise<Answer | null> {
    const peeked = keep.peek?.(key);
    if (peeked) return peeked;
    let hit: Answer | AppError | null;
    try {
      hit = await keep.get(key);
    } catch (err) {
      logger.warn(`keep read failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
    if (hit instanceof AppError) throw hit;
    return hit;
  }

  async function build(job: Job, parsed: unknown, key: string): Promise<Answer> {
    const answer = await transport.execute(job, parsed, key);
    if (!transport.keepsAnswers) await keep.set(key, answer, keepFor(policy, job, answer));
    return answer;
  }

  async function answer(job: Job, parsed: unknown, key: string): Promise<Answer> {
    const hit = await kept(key);
    if (hit) return hit;
    let pending = inflight.get(key);
    if (!pending) {
      pending = build(job, parsed, key).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  return {
    answer,
    async run(job, payload) {
      const parsed = parsePayload(job, payload);
      return answer(job, parsed, await keep.keyOf(job, parsed));
    },
    peek(job, payload) {
      if (!keep.peek) return undefined;
      // Only a keep in this process peeks, and its keys need no hashing: one that did would not be peeked.
      const key = keep.keyOf(job, parsePayload(job, payload));
      return typeof key === "string" ? keep.peek(key) : undefined;
    },
    async enqueue(job, payload) {
      const parsed = parsePayload(job, payload);
      const key = await keep.keyOf(job, parsed);
      if (transport.launch) return transport.launch(job, parsed, key);
      opts.background.push(() => transport.execute(job, parsed, key));
    },
  };
}

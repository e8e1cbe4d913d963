import type { AppError } from "../errors.ts";
import type { Job } from "../../jobs/job.ts";
import type { Answer } from "./answer.ts";

/**
 * Where answers are kept between requests: in the process (role `all`, src/transport/keep-memory.ts) or
 * in Redis (roles `server` and `worker`, src/transport/keep-redis.ts). Entries are keyed by job, canonical
 * payload and data version, and expire after the time the pipeline gives them.
 */
export type Keep = {
  keyOf(job: Job, parsed: unknown): string | Promise<string>;
  /** Synchronous read, where the store is in this process. */
  peek?(key: string): Answer | undefined;
  /**
   * The kept answer, a kept failure (a worker's final error, for the server waiting on it), or null.
   * Rejects only when the store cannot be read.
   */
  get(key: string): Promise<Answer | AppError | null>;
  set(key: string, answer: Answer, ttlMs: number): Promise<void>;
  /** Keeps a failure for a while, so whoever waits on the key gets it (role `worker`). */
  fail?(key: string, error: AppError, ttlMs: number): Promise<void>;
  /**
   * What a server waiting on the key reads (where workers keep answers, Redis): `get`'s answer, and in the
   * same read how the job stands. Rejects only when the store cannot be read.
   */
  watch?(key: string): Promise<Watched>;
};

export type Watched = {
  kept: Answer | AppError | null;
  /** A worker runs the job now (it holds the job's claim). */
  running: boolean;
  /**
   * A value unique to the last answer stored under the key, for a few seconds after it was stored; null
   * otherwise. Present while `kept` is null: that answer was lost after it was stored.
   */
  written: string | null;
};

/** How long answers are kept, by kind. */
export type KeepPolicy = {
  /** Answers of `immutable` jobs (functions of the payload and the configuration); Infinity = until evicted. */
  immutableMs: number;
  /** Every other answer (`SIIBRA_API_JOB_RESULT_TTL`). */
  resultMs: number;
  /** Answers built around a failed source: at most as long as that failure is remembered. */
  partialMs: number;
};

export function keepFor(policy: KeepPolicy, job: Job, answer: Answer): number {
  const ttl = job.immutable ? policy.immutableMs : policy.resultMs;
  return answer.partial ? Math.min(ttl, policy.partialMs) : ttl;
}

import { jobId } from "./job-key.ts";
import { answerOf, failureOf, outcomeOf } from "./outcome.ts";
import type { Keep } from "./keep.ts";
import type { JobResults } from "./redis-outcomes.ts";

/** Redis expiries are whole seconds; an unbounded keep there is the outcome lifetime the caller gives. */
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Roles `server` and `worker`: answers are job outcomes in Redis under the job id (data version + job
 * name + canonical payload), written by the worker that ran the job and read by any server.
 */
export function redisKeep(results: JobResults, dataVersion: string): Keep {
  return {
    keyOf: (job, parsed) => jobId(dataVersion, job.name, parsed),
    async get(key) {
      const outcome = await results.get(key);
      return outcome ? answerOf(outcome) : null;
    },
    async set(key, answer, ttlMs) {
      if (ttlMs > 0) await results.set(key, outcomeOf(answer), seconds(ttlMs));
    },
    async fail(key, error, ttlMs) {
      await results.set(key, failureOf(error), seconds(ttlMs));
    },
    async watch(key) {
      const { outcome, claimed, written } = await results.look(key);
      return { kept: outcome ? answerOf(outcome) : null, running: claimed, written };
    },
  };
}

import * as v from "valibot";
import { BadRequestError } from "../errors.ts";
import type { Job } from "../../jobs/job.ts";
import type { JobContext } from "../../jobs/context.ts";

/**
 * Transport of jobs: inline in this process, or (server role) through a queue to workers. A result is
 * opaque to routes: hand it to `jobResponse` (role `server` returns a worker's JSON as `RawJson` text).
 */
export type JobRunner = {
  run<S extends v.GenericSchema, R>(job: Job<S, R>, payload: v.InferInput<S>): Promise<R>;
  /** The result already kept in this process, if any: answering it costs no work (no admission needed). */
  peek?<S extends v.GenericSchema, R>(job: Job<S, R>, payload: v.InferInput<S>): R | undefined;
};

/** Validates a payload against its job's schema; a bad payload is the caller's fault (400). */
export function parsePayload<S extends v.GenericSchema>(job: Job<S, unknown>, payload: unknown): v.InferOutput<S> {
  const result = v.safeParse(job.payload, payload);
  if (!result.success) throw new BadRequestError(`invalid payload for job ${job.name}: ${v.summarize(result.issues)}`);
  return result.output;
}

/** Role `all`: every job runs in the server process. */
export function inlineRunner(ctx: JobContext): JobRunner {
  return {
    async run(job, payload) {
      return job.run(parsePayload(job, payload), ctx);
    },
  };
}

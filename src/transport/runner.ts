import * as v from "valibot";
import { BadRequestError } from "../errors.ts";
import type { Job } from "../../jobs/job.ts";
import type { Answer } from "./answer.ts";

/**
 * What routes and the download tasks see of the transport (src/transport/pipeline.ts builds it for
 * every role): `run` answers a job, `peek` tells whether its answer is already kept (costing no work, so
 * no admission slot), `enqueue` starts background work whose result the job leaves elsewhere.
 */
export type JobRunner = {
  run<S extends v.GenericSchema, R>(job: Job<S, R>, payload: v.InferInput<S>): Promise<Answer>;
  peek?<S extends v.GenericSchema, R>(job: Job<S, R>, payload: v.InferInput<S>): Answer | undefined;
  enqueue<S extends v.GenericSchema, R>(job: Job<S, R>, payload: v.InferInput<S>): Promise<void>;
};

/** Validates a payload against its job's schema; a bad payload is the caller's fault (400). */
export function parsePayload<S extends v.GenericSchema>(job: Job<S, unknown>, payload: unknown): v.InferOutput<S> {
  const result = v.safeParse(job.payload, payload);
  if (!result.success) throw new BadRequestError(`invalid payload for job ${job.name}: ${v.summarize(result.issues)}`);
  return result.output;
}

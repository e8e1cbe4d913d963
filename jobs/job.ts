import type * as v from "valibot";
import type { JobContext } from "./context.ts";
import type { Queue } from "./queues.ts";

/**
 * A job: a name, a queue, a valibot payload schema and a plain `run`. Results are JSON values;
 * failures are thrown AppErrors (their status travels with them, whatever the transport).
 */
export type Job<S extends v.GenericSchema = v.GenericSchema, R = unknown> = {
  name: string;
  queue: Queue;
  payload: S;
  run(payload: v.InferOutput<S>, ctx: JobContext): Promise<R> | R;
  /**
   * The result depends on the payload and the configuration only (plus remote metadata, whose failures
   * are tracked): a whole answer is kept until evicted rather than for the outcome lifetime
   * (src/transport/keep.ts), and replayed whole when the response cache is off.
   */
  immutable?: boolean;
  /** A siibra-python function doing the same work, answered for `Accept: text/x-sapi-python`. */
  python: { name: string; source: string };
};

export function defineJob<S extends v.GenericSchema, R>(job: Job<S, R>): Job<S, R> {
  return job;
}

/** A Python function's source from its lines (kept one per line here so the snippets stay readable). */
export function pySource(...lines: string[]): string {
  return lines.join("\n");
}

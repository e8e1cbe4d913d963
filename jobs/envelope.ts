import * as v from "valibot";
import { AppError } from "../src/errors.ts";
import { RawJson } from "../src/lib/raw-json.ts";
import { FileBody } from "../src/lib/file-body.ts";
import { QUEUES } from "./queues.ts";

/** What the server publishes to a worker endpoint (the QStash message body). */
export const JobMessage = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-f0-9]{16,64}$/)),
  job: v.string(),
  queue: v.picklist(QUEUES),
  payload: v.unknown(),
  /** Epoch ms when the server published it: queue wait time = start − publishedAt. */
  publishedAt: v.number(),
});
export type JobMessage = v.InferOutput<typeof JobMessage>;

/**
 * A job's outcome as stored in Redis under its id: the JSON body (serialized once, by the worker)
 * or the error status and FastAPI-style body, so the server answers exactly as role `all` would.
 */
export type JobOutcome =
  | { status: 200; body: string }
  | { status: 200; file: string; contentType: string; headers: Record<string, string> }
  | { status: number; error: Record<string, unknown> };

export function outcomeOf(value: unknown): JobOutcome {
  if (value instanceof FileBody) {
    return { status: 200, file: value.bytes.toBase64(), contentType: value.contentType, headers: { ...value.headers } };
  }
  return { status: 200, body: value instanceof RawJson ? value.text : JSON.stringify(value) };
}

export function failureOf(err: unknown): JobOutcome {
  if (err instanceof AppError) return { status: err.status, error: err.body };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, error: { detail: "Some error occurred", error: message } };
}

/** Turns a stored outcome back into what the route returns (a value) or throws (an AppError). */
export function unwrap<R>(outcome: JobOutcome): R {
  if ("body" in outcome) return JSON.parse(outcome.body) as R;
  if ("file" in outcome)
    return new FileBody(Uint8Array.fromBase64(outcome.file), outcome.contentType, outcome.headers) as R;
  throw new AppError(outcome.status, outcome.error);
}

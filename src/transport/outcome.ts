import { AppError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { RawJson } from "../lib/raw-json.ts";

/**
 * A job's outcome as the worker stores it under the job id: the JSON body (serialized once, by the
 * worker, and never parsed again), a file (base64), or the error status and FastAPI-style body, so the
 * server answers exactly as role `all` would.
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

/**
 * Turns an outcome back into what the route sends (a `RawJson` passed through as is, a `FileBody`) or
 * throws (an AppError). JSON bodies are not parsed: the route answers the worker's bytes.
 */
export function unwrap<R>(outcome: JobOutcome): R {
  if ("body" in outcome) return new RawJson(outcome.body) as R;
  if ("file" in outcome)
    return new FileBody(Uint8Array.fromBase64(outcome.file), outcome.contentType, outcome.headers) as R;
  throw new AppError(outcome.status, outcome.error);
}

/**
 * Stored form: a one-line JSON head (status, and the media type or error of non-JSON outcomes), a newline,
 * then the body verbatim. A JSON body is thus neither escaped into a string on the way in nor parsed on
 * the way out. `JSON.stringify` never emits a raw newline, so the first one ends the head.
 */
export function encodeOutcome(outcome: JobOutcome): string {
  if ("body" in outcome) return `{"status":200}\n${outcome.body}`;
  if ("file" in outcome) {
    const head = { status: 200, contentType: outcome.contentType, headers: outcome.headers };
    return `${JSON.stringify(head)}\n${outcome.file}`;
  }
  return `${JSON.stringify({ status: outcome.status, error: outcome.error })}\n`;
}

export function decodeOutcome(stored: string): JobOutcome {
  const cut = stored.indexOf("\n");
  if (cut < 0) throw new Error("stored job outcome without a head");
  const head = JSON.parse(stored.slice(0, cut)) as {
    status: number;
    contentType?: string;
    headers?: Record<string, string>;
    error?: Record<string, unknown>;
  };
  const rest = stored.slice(cut + 1);
  if (head.error) return { status: head.status, error: head.error };
  if (head.contentType !== undefined)
    return { status: 200, file: rest, contentType: head.contentType, headers: head.headers ?? {} };
  return { status: 200, body: rest };
}

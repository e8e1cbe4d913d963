import { AppError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { RawJson } from "../lib/raw-json.ts";
import type { Answer } from "./answer.ts";

/**
 * A job's outcome as a worker stores it under the job id: the JSON body (serialized once, by the
 * worker, and never parsed again), a file (base64), or the error status and FastAPI-style body, so the
 * server answers exactly as role `all` would. `partial` travels with successes.
 */
export type JobOutcome =
  | { status: 200; body: string; partial?: boolean }
  | { status: 200; file: string; contentType: string; headers: Record<string, string>; partial?: boolean }
  | { status: number; error: Record<string, unknown> };

export function outcomeOf(answer: Answer): JobOutcome {
  const partial = answer.partial ? { partial: true } : {};
  if (answer instanceof FileBody) {
    const headers = { ...answer.headers };
    return { status: 200, file: answer.bytes.toBase64(), contentType: answer.contentType, headers, ...partial };
  }
  return { status: 200, body: answer.text, ...partial };
}

export function failureOf(err: unknown): JobOutcome {
  if (err instanceof AppError) return { status: err.status, error: err.body };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, error: { detail: "Some error occurred", error: message } };
}

/**
 * An outcome back in the form routes send (a `RawJson` passed through as is, a `FileBody`), or the
 * AppError it stands for. JSON bodies are not parsed: the route answers the worker's bytes.
 */
export function answerOf(outcome: JobOutcome): Answer | AppError {
  if ("body" in outcome) return new RawJson(outcome.body, outcome.partial === true);
  if ("file" in outcome) {
    const bytes = Uint8Array.fromBase64(outcome.file);
    return new FileBody(bytes, outcome.contentType, outcome.headers, outcome.partial === true);
  }
  return new AppError(outcome.status, outcome.error);
}

type Head = {
  status: number;
  partial?: true;
  contentType?: string;
  headers?: Record<string, string>;
  error?: Record<string, unknown>;
};

/**
 * Stored form: a one-line JSON head (status, the partial flag, and the media type or error of non-JSON
 * outcomes), a newline, then the body verbatim. A JSON body is thus neither escaped into a string on the
 * way in nor parsed on the way out. `JSON.stringify` never emits a raw newline, so the first one ends the head.
 */
export function encodeOutcome(outcome: JobOutcome): string {
  if ("error" in outcome) return `${JSON.stringify({ status: outcome.status, error: outcome.error })}\n`;
  const head: Head = { status: 200 };
  if (outcome.partial) head.partial = true;
  if ("file" in outcome) {
    head.contentType = outcome.contentType;
    head.headers = outcome.headers;
    return `${JSON.stringify(head)}\n${outcome.file}`;
  }
  return `${JSON.stringify(head)}\n${outcome.body}`;
}

export function decodeOutcome(stored: string): JobOutcome {
  const cut = stored.indexOf("\n");
  if (cut < 0) throw new Error("stored job outcome without a head");
  const head = JSON.parse(stored.slice(0, cut)) as Head;
  const rest = stored.slice(cut + 1);
  if (head.error) return { status: head.status, error: head.error };
  const partial = head.partial ? { partial: true } : {};
  if (head.contentType !== undefined)
    return { status: 200, file: rest, contentType: head.contentType, headers: head.headers ?? {}, ...partial };
  return { status: 200, body: rest, ...partial };
}

import { AppError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { RawJson } from "../lib/raw-json.ts";

/**
 * A job's outcome as a worker stores it under the job id: the JSON body (serialized once, by the
 * worker, and never parsed again), a small file (base64), the head of a large answer whose bytes are
 * stored in chunks beside it (src/transport/keep-redis.ts), or the error status and FastAPI-style body,
 * so the server answers exactly as role `all` would. `partial` travels with successes.
 */
export type JobOutcome =
  | { status: 200; body: string; partial?: boolean }
  | { status: 200; file: string; contentType: string; headers: Record<string, string>; partial?: boolean }
  | { status: 200; chunked: Chunked; contentType: string; headers: Record<string, string>; partial?: boolean }
  | { status: number; error: Record<string, unknown> };

/** Where the bytes of a large answer are: `count` chunks of at most `chunkBytes`, `size` bytes in all. */
export type Chunked = { count: number; chunkBytes: number; size: number; sha256: string };

/** An answer held in memory, in its outcome form. */
export function outcomeOf(answer: RawJson | FileBody): JobOutcome {
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

type Head = {
  status: number;
  partial?: true;
  contentType?: string;
  headers?: Record<string, string>;
  chunked?: Chunked;
  error?: Record<string, unknown>;
};

/**
 * Stored form: a one-line JSON head (status, the partial flag, the media type, headers and chunk layout
 * of non-JSON outcomes, or the error), a newline, then the body verbatim. A JSON body is thus neither
 * escaped into a string on the way in nor parsed on the way out. `JSON.stringify` never emits a raw
 * newline, so the first one ends the head.
 */
export function encodeOutcome(outcome: JobOutcome): string {
  if ("error" in outcome) return `${JSON.stringify({ status: outcome.status, error: outcome.error })}\n`;
  const head: Head = { status: 200 };
  if (outcome.partial) head.partial = true;
  if ("body" in outcome) return `${JSON.stringify(head)}\n${outcome.body}`;
  head.contentType = outcome.contentType;
  head.headers = outcome.headers;
  if ("chunked" in outcome) return `${JSON.stringify({ ...head, chunked: outcome.chunked })}\n`;
  return `${JSON.stringify(head)}\n${outcome.file}`;
}

export function decodeOutcome(stored: string): JobOutcome {
  const cut = stored.indexOf("\n");
  if (cut < 0) throw new Error("stored job outcome without a head");
  const head = JSON.parse(stored.slice(0, cut)) as Head;
  const rest = stored.slice(cut + 1);
  if (head.error) return { status: head.status, error: head.error };
  const partial = head.partial ? { partial: true } : {};
  if (head.contentType === undefined) return { status: 200, body: rest, ...partial };
  const file = { status: 200 as const, contentType: head.contentType, headers: head.headers ?? {}, ...partial };
  return head.chunked ? { ...file, chunked: head.chunked } : { ...file, file: rest };
}

/** An outcome held whole back in the form routes send, or the AppError it stands for. */
export function answerOf(outcome: JobOutcome): RawJson | FileBody | AppError {
  if ("body" in outcome) return new RawJson(outcome.body, outcome.partial === true);
  if ("file" in outcome) {
    const bytes = Uint8Array.fromBase64(outcome.file);
    return new FileBody(bytes, outcome.contentType, outcome.headers, outcome.partial === true);
  }
  if ("chunked" in outcome) throw new Error("a chunked outcome is read through its keep (keep-redis.ts)");
  return new AppError(outcome.status, outcome.error);
}

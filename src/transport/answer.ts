import { FileBody } from "../lib/file-body.ts";
import { FileStream } from "../lib/file-stream.ts";
import { RawJson } from "../lib/raw-json.ts";

/**
 * What a job answers once it went through the transport: JSON serialized exactly once, or a file —
 * in memory, or (role `server`, large outcomes) streamed from the outcome store as it is sent. Each
 * carries the `partial` flag of the run that built it.
 */
export type Answer = RawJson | FileBody | FileStream;

/** What a job run in this process answers: held whole. */
export type HeldAnswer = RawJson | FileBody;

/** A job's return value in its sent form; `partial` adds to whatever flag the value already carries. */
export function toAnswer(value: unknown, partial: boolean): HeldAnswer {
  if (value instanceof FileBody) {
    return partial && !value.partial ? new FileBody(value.bytes, value.contentType, value.headers, true) : value;
  }
  if (value instanceof RawJson) return partial && !value.partial ? new RawJson(value.text, true) : value;
  // Streams come from an outcome store, never from a job: sending one as JSON would be `{}`.
  if (value instanceof FileStream) throw new TypeError("a job answered a stream");
  return new RawJson(JSON.stringify(value), partial);
}

/** Bytes an answer occupies in this process (two per UTF-16 code unit for text). */
export function answerBytes(answer: Answer): number {
  if (answer instanceof FileBody) return answer.bytes.byteLength;
  return answer instanceof FileStream ? answer.size : answer.text.length * 2;
}

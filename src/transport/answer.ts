import { FileBody } from "../lib/file-body.ts";
import { RawJson } from "../lib/raw-json.ts";

/**
 * What a job answers once it went through the transport: JSON serialized exactly once, or a file.
 * Either carries the `partial` flag of the run that built it.
 */
export type Answer = RawJson | FileBody;

/** A job's return value in its sent form; `partial` adds to whatever flag the value already carries. */
export function toAnswer(value: unknown, partial: boolean): Answer {
  if (value instanceof FileBody) {
    return partial && !value.partial ? new FileBody(value.bytes, value.contentType, value.headers, true) : value;
  }
  if (value instanceof RawJson) return partial && !value.partial ? new RawJson(value.text, true) : value;
  return new RawJson(JSON.stringify(value), partial);
}

/** Bytes an answer occupies in this process (two per UTF-16 code unit for text). */
export function answerBytes(answer: Answer): number {
  return answer instanceof FileBody ? answer.bytes.byteLength : answer.text.length * 2;
}

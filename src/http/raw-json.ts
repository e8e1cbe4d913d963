import { FileBody } from "../lib/file-body.ts";
import type { Context } from "hono";

/**
 * A JSON body that is already serialized (built from memoized fragments, or read from the job result
 * store), sent as is instead of being stringified again on every request.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /** Keeps `JSON.stringify` of a structure that contains one correct. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** `c.json` for job results: raw bodies and files go out untouched, anything else is serialized by Hono. */
export function json(c: Context, value: unknown): Response {
  if (value instanceof FileBody)
    return c.body(value.bytes, 200, { ...value.headers, "content-type": value.contentType });
  if (value instanceof RawJson) return c.body(value.text, 200, { "content-type": "application/json" });
  return c.json(value);
}

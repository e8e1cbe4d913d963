import { FileBody } from "../../lib/file-body.ts";
import { RawJson } from "../../lib/raw-json.ts";
import type { Context } from "hono";

/** `c.json` for job results: raw bodies and files go out untouched, anything else is serialized by Hono. */
export function jobResponse(c: Context, value: unknown): Response {
  if (value instanceof FileBody)
    return c.body(value.bytes, 200, { ...value.headers, "content-type": value.contentType });
  if (value instanceof RawJson) return c.body(value.text, 200, { "content-type": "application/json" });
  return c.json(value);
}

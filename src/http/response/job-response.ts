import { FileBody } from "../../lib/file-body.ts";
import { FileStream } from "../../lib/file-stream.ts";
import type { RawJson } from "../../lib/raw-json.ts";
import type { Context } from "hono";

/** Partial answers are never stored by a cache on the way (see RawJson). */
const NO_STORE = { "cache-control": "no-store" };

/** A job's answer as sent: bytes untouched (or streamed), the file's own headers, `no-store` when partial. */
export function jobResponse(c: Context, answer: RawJson | FileBody | FileStream): Response {
  const partial = answer.partial ? NO_STORE : {};
  if (answer instanceof FileBody)
    return c.body(answer.bytes, 200, { ...answer.headers, ...partial, "content-type": answer.contentType });
  if (answer instanceof FileStream) {
    const headers = { ...answer.headers, ...partial, "content-type": answer.contentType };
    return c.body(answer.open(), 200, { ...headers, "content-length": String(answer.size) });
  }
  return c.body(answer.text, 200, { ...partial, "content-type": "application/json" });
}

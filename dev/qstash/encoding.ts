/** Small conversions between bodies, headers and the JSON shapes QStash reports. */
import type { Bytes, HeaderRecord } from "./types.ts";

export function toBase64(bytes: Bytes): string {
  return Buffer.from(bytes).toString("base64");
}

/** Bodies are reported as text when they are valid UTF-8, like the real API's `body` / `bodyBase64` pair. */
export function utf8OrUndefined(bytes: Bytes): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `Headers` → `{ "Name": ["value"] }`, the multi-value shape of callback bodies and message details. */
export function headerRecord(headers: Headers | Iterable<[string, string]>): HeaderRecord {
  const out: HeaderRecord = {};
  for (const [name, value] of headers) {
    const key = canonicalHeaderName(name);
    out[key] ??= [];
    out[key].push(value);
  }
  return out;
}

/** Go's canonical MIME header form (`upstash-forward-x` → `Upstash-Forward-X`), as the Go server reports them. */
export function canonicalHeaderName(name: string): string {
  return name
    .split("-")
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join("-");
}

export async function sha256(bytes: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/**
 * `POST /v2/publish/<destination>` as `@upstash/qstash`'s `publish`/`publishJSON` sends it, turned into a
 * message. Headers of features the service does not use (delays, callbacks, retry-delay expressions, rate
 * limits, …) are refused with 400 rather than silently ignored.
 */
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./constants.ts";

export type MessageSpec = {
  url: string;
  body: Uint8Array<ArrayBuffer>;
  contentType: string | null;
  /** `Upstash-Forward-*` headers, prefix stripped. */
  forward: [string, string][];
  maxRetries: number;
  timeoutMs: number;
  deduplicationId?: string;
  flowControl?: { key: string; parallelism: number };
};

const UNSUPPORTED = [
  "upstash-delay",
  "upstash-not-before",
  "upstash-callback",
  "upstash-failure-callback",
  "upstash-retry-delay",
  "upstash-content-based-deduplication",
];
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `Upstash-Timeout`: a bare number of seconds or one Go-style duration (`30s`, `500ms`, `2m`). */
function durationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] ?? "s"] : undefined;
}

/**
 * The destination is the raw rest of the path plus the query string: the SDK appends the URL unencoded, so
 * its query string became ours (`/v2/publish/http://host/run?x=1`).
 */
export function parsePublish(requestUrl: string, headers: Headers, body: Uint8Array<ArrayBuffer>) {
  const url = new URL(requestUrl);
  // A client normalizing paths may have merged "http://" into "http:/".
  const destination = (url.pathname.slice("/v2/publish/".length) + url.search).replace(/^(https?):\/(?!\/)/, "$1://");
  if (!/^https?:\/\/[^/]/.test(destination)) return { error: `invalid destination url: "${destination}"` };
  const method = headers.get("upstash-method") ?? "POST";
  if (method.toUpperCase() !== "POST") return { error: `only POST deliveries are supported, not ${method}` };
  const refused = UNSUPPORTED.find((h) => headers.has(h));
  if (refused) return { error: `${refused} is not supported by the local QStash` };

  const spec: MessageSpec = {
    url: destination,
    body,
    contentType: headers.get("content-type"),
    forward: [...headers].filter(([k]) => k.startsWith("upstash-forward-")).map(([k, v]) => [k.slice(16), v]),
    maxRetries: DEFAULT_MAX_RETRIES,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    deduplicationId: headers.get("upstash-deduplication-id") ?? undefined,
  };
  const retries = headers.get("upstash-retries");
  if (retries !== null) {
    if (!/^\d+$/.test(retries)) return { error: `invalid Upstash-Retries header: "${retries}"` };
    spec.maxRetries = Number(retries);
  }
  const timeout = headers.get("upstash-timeout");
  if (timeout !== null) {
    const ms = durationMs(timeout);
    if (ms === undefined) return { error: `invalid Upstash-Timeout header: "${timeout}"` };
    spec.timeoutMs = ms;
  }
  const flowKey = headers.get("upstash-flow-control-key");
  if (flowKey !== null) {
    const value = headers.get("upstash-flow-control-value") ?? "";
    const m = /^\s*parallelism\s*=\s*(\d+)\s*$/.exec(value);
    if (!m || Number(m[1]) < 1) return { error: `only "parallelism=N" flow control is supported, not "${value}"` };
    spec.flowControl = { key: flowKey, parallelism: Number(m[1]) };
  }
  return { spec };
}

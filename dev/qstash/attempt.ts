/** One HTTP delivery attempt: fetch with a timeout, read the whole response, classify the outcome. */
import { MAX_RETRY_DELAY_MS } from "./constants.ts";
import type { Bytes } from "./types.ts";

export interface AttemptRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Bytes | null;
  timeoutMs: number;
  /** Aborted by stop(): in-flight deliveries must not outlive the server. */
  signal: AbortSignal;
}

export interface AttemptResult {
  ok: boolean;
  /** Undefined when no HTTP response arrived (connection failure, timeout, abort). */
  status?: number;
  headers?: Headers;
  body: Bytes;
  error?: string;
  /** 489 + `Upstash-NonRetryable-Error: true`: fail at once, straight to the DLQ. */
  nonRetryable: boolean;
  /** Delay the endpoint asked for via `Retry-After` (seconds or HTTP date). */
  retryAfterMs?: number;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_DELAY_MS) : undefined;
}

export async function attempt(req: AttemptRequest): Promise<AttemptResult> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(new Error("local QStash stopped"));
  req.signal.addEventListener("abort", onStop, { once: true });
  const timer = setTimeout(() => controller.abort(new Error(`timeout after ${req.timeoutMs} ms`)), req.timeoutMs);
  try {
    const response = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
    });
    // The timeout covers the body too: a handler that streams forever has not answered.
    const body = new Uint8Array(await response.arrayBuffer());
    return {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      headers: response.headers,
      body,
      nonRetryable: response.status === 489 && response.headers.get("upstash-nonretryable-error") === "true",
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    };
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    return {
      ok: false,
      body: new Uint8Array(0),
      error: String(reason instanceof Error ? reason.message : reason),
      nonRetryable: false,
    };
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener("abort", onStop);
  }
}

/**
 * All outbound HTTP of the service goes through a `RemoteFetcher`, so that host remapping
 * (`SIIBRA_API_REMAP_PROVIDERS`), the timeout and the `User-Agent` are applied in one place and every
 * failure surfaces as an `UnavailableError` (503 envelope) instead of a raw fetch exception.
 *
 * Runtime-neutral: uses only `fetch`, `AbortSignal.timeout` and `TextDecoder` (Bun and Workers).
 * Nothing here reads the environment; the entry point parses it and passes the values in.
 */
import { UnavailableError } from "../errors.ts";

/** Ordered `from → to` substring replacements, applied to every outbound URL (upstream: str.replace). */
export type RemapRules = ReadonlyArray<readonly [from: string, to: string]>;

/**
 * Parses the `SIIBRA_API_REMAP_PROVIDERS` format: newline-separated `from::to` lines.
 * Blank lines are ignored; a line without exactly one `::` is a configuration error (thrown, so a
 * typo fails at start-up rather than silently hitting production hosts).
 */
export function parseRemapRules(text: string | undefined): RemapRules {
  if (!text) return [];
  const rules: [string, string][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const parts = line.split("::");
    if (parts.length !== 2 || parts[0] === "") {
      throw new Error(`SIIBRA_API_REMAP_PROVIDERS: expected "from::to" per line, got ${JSON.stringify(line)}`);
    }
    rules.push([parts[0], parts[1]]);
  }
  return rules;
}

/** Applies every rule in order, replacing all occurrences (as upstream's `str.replace`). */
export function remapUrl(url: string, rules: RemapRules): string {
  let out = url;
  for (const [from, to] of rules) out = out.split(from).join(to);
  return out;
}

export type RequestOptions = {
  /** Overrides the fetcher's default timeout for this request (covers headers and body). */
  timeoutMs?: number;
  headers?: Record<string, string>;
};

export interface RemoteFetcher {
  /** GET a URL; resolves only on a 2xx response whose body has been read fully. */
  bytes(url: string, opts?: RequestOptions): Promise<Uint8Array<ArrayBuffer>>;
  text(url: string, opts?: RequestOptions): Promise<string>;
  /** Body parsed as JSON; a body that is not JSON is an `UnavailableError` too. */
  json(url: string, opts?: RequestOptions): Promise<unknown>;
}

/** Why a request failed: a non-2xx answer, no connection, the timeout, or a body that did not decode. */
export type RemoteFailureKind = "http" | "network" | "timeout" | "body";

/** An `UnavailableError` that also says what failed, so callers can tell HTTP errors from outages. */
export class RemoteUnavailableError extends UnavailableError {
  constructor(
    /** The requested URL, with the remapped target appended when remapping changed it. */
    readonly url: string,
    readonly kind: RemoteFailureKind,
    readonly reason: string,
    /** HTTP status for `kind === "http"`, else null. */
    readonly httpStatus: number | null = null,
  ) {
    super(`GET ${url}: ${reason}`);
    // AppError's message is the generic 503 detail; logs are more useful with the URL and cause.
    this.message = `GET ${url}: ${reason}`;
  }
}

export type RemoteFetcherOptions = {
  remap?: RemapRules;
  /** Default per-request timeout; 30 s suits file downloads, callers on the request path pass less. */
  timeoutMs?: number;
  userAgent?: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetchImpl?: typeof fetch;
};

export const DEFAULT_USER_AGENT = "siibra-edge/0.1 (siibra-api 0.3.35 compatible)";

export function createRemoteFetcher(options: RemoteFetcherOptions = {}): RemoteFetcher {
  const rules = options.remap ?? [];
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const doFetch = options.fetchImpl ?? fetch;

  async function bytes(url: string, opts: RequestOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
    const target = remapUrl(url, rules);
    // Name the remapped target too: "GET https://… (→ http://127.0.0.1:…)" makes remap mistakes obvious.
    const label = target === url ? url : `${url} (→ ${target})`;
    const timeoutMs = opts.timeoutMs ?? defaultTimeout;
    try {
      // The same signal also aborts the body read below, so the timeout bounds the whole transfer.
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await doFetch(target, {
        headers: { "User-Agent": userAgent, ...opts.headers },
        signal,
        redirect: "follow",
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new RemoteUnavailableError(label, "http", `HTTP ${response.status}`, response.status);
      }
      return new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      if (err instanceof RemoteUnavailableError) throw err;
      throw isTimeout(err)
        ? new RemoteUnavailableError(label, "timeout", `timed out after ${timeoutMs} ms`)
        : new RemoteUnavailableError(label, "network", err instanceof Error ? err.message || err.name : String(err));
    }
  }

  async function text(url: string, opts?: RequestOptions): Promise<string> {
    return new TextDecoder().decode(await bytes(url, opts));
  }

  async function json(url: string, opts?: RequestOptions): Promise<unknown> {
    const body = await text(url, opts);
    try {
      return JSON.parse(body);
    } catch {
      throw new RemoteUnavailableError(url, "body", "response is not JSON");
    }
  }

  return { bytes, text, json };
}

function isTimeout(err: unknown): boolean {
  return err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
}

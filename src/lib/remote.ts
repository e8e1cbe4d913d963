/**
 * All outbound HTTP of the service goes through a `RemoteFetcher`, which applies in one place:
 *
 * - host remapping (`SIIBRA_API_REMAP_PROVIDERS`), to the URL and to every redirect target;
 * - the allow-list: a host it does not name is refused before any connection (400);
 * - redirects followed by hand (at most `maxRedirects`), each target remapped and checked again;
 * - one time budget for the whole transfer (redirects, headers and body), so a slow drip is cut too;
 * - a size cap on the streamed body (Content-Length is checked but never trusted);
 * - per-host failure memory: after a refused connection or a host that did not answer in time,
 *   requests to it fail at once (503) for `failureTtlMs`;
 * - typed failures (src/lib/remote-errors.ts): 503 unreachable, 504 timeout, 502 bad answer or body.
 *
 * Runtime-neutral (`fetch`, `AbortController`, streams: Bun and Workers). Nothing here reads the
 * environment; the composition root passes the values in.
 */
import { HostFailureMemory } from "./failure-memory.ts";
import { gunzip, isGzip } from "./gunzip.ts";
import type { HostAllowList } from "./host-allow-list.ts";
import { discard, errorText, readBody } from "./remote-body.ts";
import { remapUrl } from "./remap.ts";
import type { RemapRules } from "./remap.ts";
import {
  HostNotAllowedError,
  hostOf,
  RemoteBadDataError,
  RemoteTimeoutError,
  RemoteUnreachableError,
} from "./remote-errors.ts";
import type { RemoteSubject } from "./remote-errors.ts";

export { parseRemapRules, remapUrl } from "./remap.ts";
export type { RemapRules } from "./remap.ts";
export {
  HostNotAllowedError,
  RemoteBadDataError,
  RemoteTimeoutError,
  RemoteUnavailableError,
  RemoteUnreachableError,
} from "./remote-errors.ts";
export type { RemoteFailureKind, RemoteSubject } from "./remote-errors.ts";

export type RequestOptions = {
  /** Overrides the fetcher's time budget for this request (whole transfer). */
  timeoutMs?: number;
  /** Overrides the fetcher's size cap for this request (bytes of the decoded body). */
  maxBytes?: number;
  /** What is being loaded, for error messages: e.g. `feature <id>` (default "remote data"). */
  what?: string;
  /**
   * Un-gzip the body (a `.gz` file, not Content-Encoding, which is always decoded) under the same cap:
   * `"gzip"` requires gzip data (else 502), `"auto"` inflates only data that starts with gzip's magic bytes.
   */
  inflate?: "gzip" | "auto";
  headers?: Record<string, string>;
};

export interface RemoteFetcher {
  /** GET a URL; resolves only on a 2xx response whose body has been read fully. */
  bytes(url: string, opts?: RequestOptions): Promise<Uint8Array<ArrayBuffer>>;
  text(url: string, opts?: RequestOptions): Promise<string>;
  /** Body parsed as JSON; a body that is not JSON is a 502 `RemoteBadDataError`. */
  json(url: string, opts?: RequestOptions): Promise<unknown>;
}

export type RemoteFetcherOptions = {
  remap?: RemapRules;
  /**
   * Hosts that may be contacted, or a function building the list on the first request (building it
   * from the configuration takes a while, which a metadata-only isolate should not pay).
   * Omitted: any http(s) host (tests and tools; the composition root always passes one).
   */
  allow?: HostAllowList | (() => HostAllowList);
  /** Default time budget per request (default 15 s). */
  timeoutMs?: number;
  /** Default size cap per response body (default 256 MB). */
  maxBytes?: number;
  /** How long a host's outage is remembered (default 30 s; 0 disables). */
  failureTtlMs?: number;
  /** Redirect hops followed per request (default 5). */
  maxRedirects?: number;
  userAgent?: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetchImpl?: typeof fetch;
  /** Clock of the failure memory, injectable for tests. */
  now?: () => number;
};

export const DEFAULT_USER_AGENT = "siibra-edge/0.1 (siibra-api 0.3.35 compatible)";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_FAILURE_TTL_MS = 30_000;
/** A timeout under a budget this short says more about the caller's hurry than about the host. */
const MIN_REMEMBERED_BUDGET_MS = 1000;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export function createRemoteFetcher(options: RemoteFetcherOptions = {}): RemoteFetcher {
  const rules = options.remap ?? [];
  let allowList = typeof options.allow === "function" ? null : (options.allow ?? null);
  const lazyAllow = typeof options.allow === "function" ? options.allow : null;
  const allows = (url: URL): boolean => {
    if (lazyAllow) allowList ??= lazyAllow();
    return allowList ? allowList.allows(url) : url.protocol === "https:" || url.protocol === "http:";
  };
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultMax = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const doFetch = options.fetchImpl ?? fetch;
  const memory = new HostFailureMemory(options.failureTtlMs ?? DEFAULT_FAILURE_TTL_MS, options.now);

  /** One GET with every rule of the header comment applied; the body as received (Content-Encoding decoded). */
  async function transfer(url: string, opts: RequestOptions): Promise<Uint8Array<ArrayBuffer>> {
    const first = remapUrl(url, rules);
    // Name the remapped target too: "GET https://… (→ http://127.0.0.1:…)" makes remap mistakes obvious.
    const label = first === url ? url : `${url} (→ ${first})`;
    const subject: RemoteSubject = { what: opts.what, host: hostOf(url) };
    const budget = opts.timeoutMs ?? defaultTimeout;
    const cap = opts.maxBytes ?? defaultMax;
    // Only gzip is asked for: it is the one encoding decoded here, under the cap (see readBody).
    const headers: Record<string, string> = { "user-agent": userAgent, "accept-encoding": "gzip" };
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;

    let target = checked(first, url, opts.what);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`timed out after ${budget} ms`, "TimeoutError"));
    }, budget);
    try {
      for (let hop = 0; ; hop++) {
        const host = target.host;
        const remembered = memory.check(host);
        if (remembered) throw new RemoteUnreachableError(label, `${host} ${memory.describe(remembered)}`, subject);
        let response: Response;
        // `decompress: false` (Bun; ignored elsewhere): Bun would otherwise inflate a gzip bomb in full.
        const init = { headers, signal: controller.signal, redirect: "manual", decompress: false } as const;
        try {
          response = await doFetch(target.href, init).catch((err: unknown) => {
            // A pooled keep-alive connection the host had already closed: one fresh attempt, not an outage.
            if (timedOut || !isConnectionReset(err)) throw err;
            return doFetch(target.href, init);
          });
        } catch (err) {
          if (timedOut) {
            if (budget >= MIN_REMEMBERED_BUDGET_MS) memory.remember(host, `no answer within ${budget} ms`);
            throw new RemoteTimeoutError(label, budget, subject);
          }
          const reason = errorText(err);
          memory.remember(host, reason);
          throw new RemoteUnreachableError(label, reason, subject);
        }
        // The host answered: whatever it said, it is up.
        memory.forget(host);
        if (REDIRECTS.has(response.status)) {
          await discard(response);
          const next = nextHop(response, target, hop, label, subject);
          // Credentials a caller gave for one host are not handed to another.
          if (next.host !== target.host) for (const h of CREDENTIAL_HEADERS) delete headers[h];
          target = next;
          continue;
        }
        if (!response.ok) {
          await discard(response);
          throw new RemoteBadDataError(label, `HTTP ${response.status}`, subject, response.status);
        }
        return await readBody(response, {
          cap,
          signal: controller.signal,
          label,
          subject,
          timedOut: () => timedOut,
          budget,
        });
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Parses and checks a URL before anything is sent: bad URLs and unlisted hosts are the caller's 400. */
  function checked(target: string, original: string, what?: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      throw new HostNotAllowedError(original, "(invalid URL)", what);
    }
    if (!allows(parsed)) {
      throw new HostNotAllowedError(original, parsed.host || parsed.protocol, what);
    }
    return parsed;
  }

  /** The next redirect target, remapped and checked; a bad redirect is the remote's fault (502). */
  function nextHop(response: Response, from: URL, hop: number, label: string, subject: RemoteSubject): URL {
    const location = response.headers.get("location");
    if (!location) throw new RemoteBadDataError(label, `HTTP ${response.status} without a Location`, subject);
    if (hop >= maxRedirects) throw new RemoteBadDataError(label, `more than ${maxRedirects} redirects`, subject);
    let next: URL;
    try {
      next = new URL(remapUrl(new URL(location, from).href, rules));
    } catch {
      throw new RemoteBadDataError(label, `redirect to an invalid URL`, subject);
    }
    if (!allows(next)) {
      throw new RemoteBadDataError(label, `redirected to ${next.host || next.protocol}, which is not allowed`, subject);
    }
    return next;
  }

  /** `fetch` then, if asked, the guarded gunzip; errors name the same host and `what`. */
  async function bytes(url: string, opts: RequestOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
    const body = await transfer(url, opts);
    if (!opts.inflate || (opts.inflate === "auto" && !isGzip(body))) return body;
    if (!isGzip(body)) throw new RemoteBadDataError(url, "expected gzip data", { what: opts.what });
    return gunzip(body, { maxBytes: opts.maxBytes ?? defaultMax, url, what: opts.what });
  }

  async function text(url: string, opts?: RequestOptions): Promise<string> {
    return new TextDecoder().decode(await bytes(url, opts));
  }

  async function json(url: string, opts?: RequestOptions): Promise<unknown> {
    const body = await text(url, opts);
    try {
      return JSON.parse(body);
    } catch {
      throw new RemoteBadDataError(url, "response is not JSON", { what: opts?.what });
    }
  }

  return { bytes, text, json };
}

/** The connection broke before an answer (typically a stale keep-alive socket), as Bun and Node report it. */
function isConnectionReset(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ECONNRESET" || code === "EPIPE" || /closed unexpectedly|socket hang up/i.test(errorText(err));
}

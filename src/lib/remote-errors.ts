/**
 * How an outbound request failed, as typed errors that `app.onError` renders like any `AppError`.
 * All remote failures stay `UnavailableError`s (existing catch sites keep working); the status says
 * whose fault it was, the FastAPI-style body names the host and what was being loaded:
 *
 * - 503 `RemoteUnreachableError`: no connection (refused, DNS), or a failure remembered for the host;
 * - 504 `RemoteTimeoutError`: the host did not deliver within the time budget;
 * - 502 `RemoteBadDataError`: the host answered an error status, or a body that is truncated,
 *   unparseable, over the size cap or a gzip bomb;
 * - 400 `HostNotAllowedError`: the URL names a host outside the allow-list (refused before connecting).
 */
import { AppError, UnavailableError } from "../errors.ts";

/** Why a request failed: a non-2xx answer, no connection, the time budget, or a body that did not decode. */
export type RemoteFailureKind = "http" | "network" | "timeout" | "body";

const STATUS: Record<RemoteFailureKind, number> = { http: 502, body: 502, network: 503, timeout: 504 };

/** What callers tell the fetcher for error messages: the thing being loaded and the configured URL. */
export type RemoteSubject = {
  /** e.g. `feature <id>`; default "remote data". */
  what?: string;
  /** Host as the configuration names it (before remapping); derived from `url` when absent. */
  host?: string;
};

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}

/** A remote failure; the subclasses fix the kind, this base class picks the status from it. */
export class RemoteUnavailableError extends UnavailableError {
  readonly host: string;
  readonly what: string;

  constructor(
    /** The requested URL, with the remapped target appended when remapping changed it. */
    readonly url: string,
    readonly kind: RemoteFailureKind,
    readonly reason: string,
    /** HTTP status for `kind === "http"`, else null. */
    readonly httpStatus: number | null = null,
    subject: RemoteSubject = {},
  ) {
    const host = subject.host ?? hostOf(url.split(" ")[0]);
    const what = subject.what ?? "remote data";
    super(`GET ${url}: ${reason}`, STATUS[kind], { detail: sentence(kind, host, what, reason), host, what, kind });
    this.host = host;
    this.what = what;
    // AppError's message is the body's detail; logs are more useful with the URL and cause.
    this.message = `GET ${url}: ${reason}`;
  }
}

function sentence(kind: RemoteFailureKind, host: string, what: string, reason: string): string {
  switch (kind) {
    case "network":
      return `Cannot reach ${host} to load ${what} (${reason})`;
    case "timeout":
      return `Loading ${what} from ${host} ${reason}`;
    case "http":
      return `${host} answered ${reason} when loading ${what}`;
    case "body":
      return `${host} sent unusable data for ${what}: ${reason}`;
  }
}

/** 503: connection refused, DNS failure, or a recent failure of the same host remembered. */
export class RemoteUnreachableError extends RemoteUnavailableError {
  constructor(url: string, reason: string, subject?: RemoteSubject) {
    super(url, "network", reason, null, subject);
  }
}

/** 504: the whole transfer (redirects, headers and body) did not fit in the time budget. */
export class RemoteTimeoutError extends RemoteUnavailableError {
  constructor(url: string, budgetMs: number, subject?: RemoteSubject) {
    super(url, "timeout", `timed out after ${budgetMs} ms`, null, subject);
  }
}

/** 502: an error status, or a body that is truncated, over the cap, corrupt or not what was expected. */
export class RemoteBadDataError extends RemoteUnavailableError {
  constructor(
    url: string,
    reason: string,
    subject?: RemoteSubject,
    httpStatus: number | null = null,
    /** A body broken off in transit may arrive whole next time; a bad one will not. */
    private readonly transient = false,
  ) {
    super(url, httpStatus === null ? "body" : "http", reason, httpStatus, subject);
  }

  /** Remote 5xx/429 and broken transfers may heal; a 404, an oversized or unparseable body will not. */
  override get retryable(): boolean {
    if (this.httpStatus !== null) return this.httpStatus >= 500 || this.httpStatus === 429;
    return this.transient;
  }
}

/** 400: the URL's host (after remapping) is not one the configuration or the service names. */
export class HostNotAllowedError extends AppError {
  constructor(
    readonly url: string,
    readonly host: string,
    what = "remote data",
  ) {
    super(400, { detail: `Refusing to load ${what} from ${host}: host not allowed`, host, what });
  }
}

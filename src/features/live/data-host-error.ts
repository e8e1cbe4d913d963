import { AppError } from "../../errors.ts";
import { RemoteUnavailableError } from "../../lib/remote.ts";

/**
 * A data host failed while a feature was being answered. The client learns which host and which
 * feature, and a status that says what went wrong: 503 unreachable (or refusing), 504 too slow, 502
 * answered something that is not the expected file.
 */
export class DataHostError extends AppError {
  constructor(status: 502 | 503 | 504, host: string, feature: string, cause: string) {
    const what = status === 504 ? "timed out" : status === 502 ? "sent unusable data" : "is unreachable";
    super(status, { detail: `Data host ${host} ${what} for feature ${feature}`, error: cause });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The status a remote failure means for the client (see DataHostError). */
function statusOf(err: RemoteUnavailableError): 502 | 503 | 504 {
  if (err.kind === "timeout") return 504;
  if (err.kind === "body") return 502;
  // A missing or failing configured file is bad data from the host's side; a refused connection is an outage.
  if (err.kind === "http") return err.httpStatus !== null && err.httpStatus >= 500 ? 503 : 502;
  return 503;
}

/**
 * Runs `work`, turning remote failures into a `DataHostError` naming the host of `url` and the feature.
 * Other errors (our own 4xx) pass unchanged.
 */
export async function forFeature<T>(feature: string, url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asDataHostError(err, feature, url);
  }
}

export function asDataHostError(err: unknown, feature: string, url: string): unknown {
  if (err instanceof DataHostError) return err;
  if (err instanceof RemoteUnavailableError) return new DataHostError(statusOf(err), hostOf(url), feature, err.message);
  if (err instanceof AppError && (err.status === 502 || err.status === 503 || err.status === 504)) {
    return new DataHostError(err.status, hostOf(url), feature, err.message);
  }
  return err;
}

/** A file that arrived but does not hold what the format promises. */
export function badData(feature: string, url: string, why: string): DataHostError {
  return new DataHostError(502, hostOf(url), feature, `GET ${url}: ${why}`);
}

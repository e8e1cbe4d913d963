import { AppError } from "../../errors.ts";

/** The host part of a URL for error texts (never the whole URL: ids may carry user input). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "unknown host";
  }
}

/**
 * A data file that arrived but cannot be decoded (truncated, garbage, missing zip member): upstream's
 * data host answered, so it is a bad gateway (502), naming the host and the feature.
 */
export class FeatureDataError extends AppError {
  constructor(host: string, featureId: string, reason: string) {
    super(502, {
      detail: "The data host of this feature sent data that cannot be read",
      error: `${reason} (host ${host}, feature ${featureId})`,
    });
  }
}

/**
 * Adds the feature id to a remote failure's envelope (`error` text), keeping its class and status
 * (502/503/504), so a client sees which feature's data host failed. A copy: the remote layer may
 * remember and rethrow the same error instance for other features.
 */
export function withFeature(err: unknown, featureId: string): unknown {
  if (!(err instanceof AppError) || err.status < 500 || err instanceof FeatureDataError) return err;
  const error = typeof err.body.error === "string" ? err.body.error : String(err.body.detail ?? "");
  if (error.includes(`feature ${featureId}`)) return err;
  const copy = Object.create(Object.getPrototypeOf(err)) as AppError;
  Object.assign(copy, err, { body: { ...err.body, error: `${error} (feature ${featureId})` } });
  Object.defineProperty(copy, "message", { value: err.message, writable: true, configurable: true });
  Object.defineProperty(copy, "stack", { value: err.stack, writable: true, configurable: true });
  return copy;
}

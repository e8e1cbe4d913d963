/**
 * Defaults shared with the official `qstash dev` server (and hard-coded in the SDK's dev mode), so that
 * either server can be used with the same configuration.
 */
export const DEV_TOKEN = "eyJVc2VySUQiOiJkZWZhdWx0VXNlciIsIlBhc3N3b3JkIjoiZGVmYXVsdFBhc3N3b3JkIn0=";
export const DEV_CURRENT_SIGNING_KEY = "sig_7kYjw48mhY7kAjqNGcy6cr29RJ6r";
export const DEV_NEXT_SIGNING_KEY = "sig_5ZB6DVzB1wjE8S6rZ7eenA8Pdnhs";
export const DEFAULT_PORT = 8080;

/** Server-side default of `Upstash-Retries` (total attempts = 1 + retries). */
export const DEFAULT_MAX_RETRIES = 3;
/** Stand-in for the plan's "max HTTP response duration" when `Upstash-Timeout` is absent. */
export const DEFAULT_TIMEOUT_MS = 15 * 60_000;
/** Deduplication window of QStash. */
export const DEDUP_WINDOW_MS = 10 * 60_000;

/**
 * Development back-off: real QStash waits e^(2.5·n) s (12 s, 2.5 min, …), which would make local runs and tests
 * crawl, so the local default is tiny and linear.
 */
export const defaultRetryDelayMs = (retried: number): number => 200 * (retried + 1);

/**
 * Largest message body QStash accepts on the Free plan (1 MB; paid plans 10 MB, and more on request): see
 * https://upstash.com/pricing/qstash. Binary megabytes, as Upstash counts its other size limits.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Upstash Redis's documented limits, which the local bridge enforces so that tests and the local stack meet
 * them where production would (docs/operations.md#the-whole-shape-on-one-machine):
 *
 * - request size, 10 MB on the Free and Pay-as-you-go plans (more on fixed plans): one request, whatever it
 *   carries, pipelines and transactions included; a single request reading more back fails the same way
 *   (https://upstash.com/docs/redis/troubleshooting/max_request_size_exceeded);
 * - record size, 100 MB on those plans: one entry (string, list, set, hash, …), reached by one huge value or
 *   by appending to it; reads and deletes are not affected
 *   (https://upstash.com/docs/redis/troubleshooting/max_record_size_exceeded);
 * - key size, 32 KB, fixed (https://upstash.com/docs/redis/troubleshooting/max_key_size_exceeded).
 *
 * The project's platform reference gives none of these, so the texts are Upstash's own: the error names of
 * its troubleshooting pages, and for request and key size the "Limit: …, Actual: …" detail Upstash adds
 * (as seen in errors users reported). Their status is that of every command error over REST: 400
 * `{"error": …}`. Sizes are bytes; Upstash's "MB" and "KB" are binary (its 1 MB request limit reads
 * "Limit: 1048576 bytes").
 */

export type UpstashLimits = {
  /** Bytes of one HTTP request body, and of what one request reads back. */
  requestBytes: number;
  /** Bytes of one entry. */
  recordBytes: number;
  /** Bytes of one key. */
  keyBytes: number;
};

const KB = 1024;
const MB = 1024 * KB;

/** The Free and Pay-as-you-go plans. */
export const UPSTASH_LIMITS: Readonly<UpstashLimits> = {
  requestBytes: 10 * MB,
  recordBytes: 100 * MB,
  keyBytes: 32 * KB,
};

/** No limits at all (0 or Infinity for one of them turns that one off). */
export const NO_LIMITS: Readonly<UpstashLimits> = {
  requestBytes: Infinity,
  recordBytes: Infinity,
  keyBytes: Infinity,
};

/** The limits in force: Upstash's, overridden per field; 0 means none. */
export function upstashLimits(overrides: Partial<UpstashLimits> = {}): UpstashLimits {
  const pick = (name: keyof UpstashLimits) => {
    const value = overrides[name] ?? UPSTASH_LIMITS[name];
    return value > 0 ? value : Infinity;
  };
  return { requestBytes: pick("requestBytes"), recordBytes: pick("recordBytes"), keyBytes: pick("keyBytes") };
}

const DOCS = "https://upstash.com/docs/redis/troubleshooting";

export const requestTooLarge = (limit: number, actual: number) =>
  `ERR max request size exceeded. Limit: ${limit} bytes, Actual: ${actual} bytes. See ${DOCS}/max_request_size_exceeded for details`;

export const keyTooLarge = (limit: number, actual: number) =>
  `ERR max key size exceeded. Limit: ${limit} bytes, Actual: ${actual} bytes. See ${DOCS}/max_key_size_exceeded for details`;

/** Upstash's page quotes no detail for this one. */
export const RECORD_TOO_LARGE = "ERR max single record size exceeded";

export const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

/** Bytes a reply reads back: its strings as stored (before the REST encoding), numbers as digits. */
export function replyBytes(value: unknown): number {
  if (typeof value === "string") return byteLength(value);
  if (typeof value === "number") return String(value).length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + replyBytes(v), 0);
  if (value && typeof value === "object") return Object.values(value).reduce((s: number, v) => s + replyBytes(v), 0);
  return 0;
}

/** Command-line flags of the limits (`parseArgs` options), shared by the bridge and `npm run stack`. */
export const LIMIT_FLAGS = {
  "max-request-mb": { type: "string" },
  "max-record-mb": { type: "string" },
  "max-key-kb": { type: "string" },
} as const;

/** The limits the flags name (MB and KB binary, fractions allowed, 0 = off); the others stay Upstash's. */
export function limitsFromFlags(values: Partial<Record<keyof typeof LIMIT_FLAGS, string>>): Partial<UpstashLimits> {
  const bytes = (text: string | undefined, unit: number) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a size: "${text}"`);
    return Math.round(n * unit);
  };
  const limits: Partial<UpstashLimits> = {};
  const request = bytes(values["max-request-mb"], MB);
  const record = bytes(values["max-record-mb"], MB);
  const key = bytes(values["max-key-kb"], KB);
  if (request !== undefined) limits.requestBytes = request;
  if (record !== undefined) limits.recordBytes = record;
  if (key !== undefined) limits.keyBytes = key;
  return limits;
}

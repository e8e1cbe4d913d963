import * as v from "valibot";
import { QUEUES } from "../jobs/queues.ts";
import type { Queue } from "../jobs/queues.ts";
import type { QStashPublisherOptions } from "./transport/qstash-publisher.ts";
import type { RateRule } from "./lib/rate-limiter.ts";
import type { StoreSizes } from "./config/memory-budget.ts";

const int = (fallback: string) =>
  v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a whole number"), v.transform(Number)), fallback);
/** A whole number ≥ 1 (a zero budget or cap would refuse every request). */
const positiveInt = (fallback: string) =>
  v.optional(
    v.pipe(v.string(), v.regex(/^0*[1-9]\d*$/, "must be a whole number of at least 1"), v.transform(Number)),
    fallback,
  );
const text = v.optional(v.pipe(v.string(), v.minLength(1)));

const HOST_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOST_NAME = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
/**
 * An address `Bun.serve` can listen on: an IP literal (IPv6 without brackets) or a host name. A dotted
 * number that is no IPv4 address (`127.0.0.300`) is refused here rather than looked up as a name.
 */
function isListenHost(s: string): boolean {
  if (v.IP_REGEX.test(s)) return true;
  return !/^[\d.]+$/.test(s) && HOST_NAME.test(s);
}

/** Documented defaults (README); a variable naming some queues overrides those and keeps the others. */
export const QUEUE_PARALLELISM: Readonly<Record<Queue, number>> = { core: 16, features: 8, volumes: 4, compounds: 2 };
export const QUEUE_TIMEOUT_MS: Readonly<Record<Queue, number>> = {
  core: 30_000,
  features: 120_000,
  volumes: 120_000,
  compounds: 600_000,
};

/** Non-critical criticality classes (src/http/admission/classes.ts): critical is never limited, so it has no settings. */
const LIMITED_CLASSES = ["interactive", "detail", "files", "compounds"] as const;
type LimitedClass = (typeof LIMITED_CLASSES)[number];

/**
 * `core=8,features=4` → a number for every name: the named ones, the defaults for the rest (a variable
 * naming some queues or classes must not silently change the others).
 */
function perName<N extends string>(names: readonly N[], defaults: Readonly<Record<N, number>>) {
  const entry = `\\s*(${names.join("|")})\\s*=\\s*\\d+\\s*`;
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(new RegExp(`^${entry}(,${entry})*$`), `expected e.g. ${names[0]}=8,${names[1]}=4 (${names.join(", ")})`),
      v.transform((s): Record<N, number> => {
        const given = s.split(",").map((kv) => kv.split("=").map((x) => x.trim()));
        return { ...defaults, ...Object.fromEntries(given.map(([k, n]) => [k, Number(n)])) };
      }),
    ),
    // Unset: the defaults, through the same pipe.
    names.map((n) => `${n}=${defaults[n]}`).join(","),
  );
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `files=60/1m,compounds=5/1h` → a budget per named class; classes not named are not limited (rate
 * limiting is off unless configured, so unlike `perName` there are no defaults to merge over).
 */
function perClassRates() {
  const entry = `\\s*(${LIMITED_CLASSES.join("|")})\\s*=\\s*(\\d+)\\s*/\\s*(\\d*)\\s*(s|m|h|d)\\s*`;
  const one = new RegExp(`^${entry}$`);
  return v.optional(
    v.pipe(
      v.string(),
      v.regex(
        new RegExp(`^(\\s*|${entry}(,${entry})*)$`),
        `expected e.g. files=60/1m,compounds=5/1h (classes ${LIMITED_CLASSES.join(", ")}; units s, m, h, d)`,
      ),
      v.transform((s): Partial<Record<LimitedClass, RateRule>> => {
        const rules: Partial<Record<LimitedClass, RateRule>> = {};
        for (const part of s.split(",").filter((p) => p.trim())) {
          const [, name, limit, count, unit] = one.exec(part) ?? [];
          const windowMs = Number(count || "1") * UNIT_MS[unit as keyof typeof UNIT_MS];
          rules[name as LimitedClass] = { limit: Number(limit), windowMs };
        }
        return rules;
      }),
      // A zero budget would refuse every request of the class; a zero window would never count.
      v.check(
        (rules) => Object.values(rules).every((r) => r.limit >= 1 && r.windowMs >= 1_000),
        "a budget must be at least 1 request per window of at least 1 s",
      ),
    ),
    "",
  );
}

const perQueue = (defaults: Readonly<Record<Queue, number>>) => perName(QUEUES, defaults);
const perClass = (defaults: Readonly<Record<LimitedClass, number>>) => perName(LIMITED_CLASSES, defaults);

/** Every environment variable the service reads; parsed once at the entry (README lists them). */
export const EnvSchema = v.object({
  /** Listening address of the Bun server; unset: Bun's default, every interface (IPv4 and IPv6). */
  HOST: v.optional(
    v.pipe(v.string(), v.check(isListenHost, "must be an IP address or a host name, e.g. 127.0.0.1, ::1, localhost")),
  ),
  PORT: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "must be a port number"), v.transform(Number)), "8000"),
  SIIBRA_USE_CONFIGURATION: text,
  SIIBRA_USE_VOCABULARIES: text,
  SIIBRA_CACHEDIR: text,
  SIIBRA_API_REMAP_PROVIDERS: v.optional(v.string(), ""),
  SIIBRA_API_VERSION: v.optional(v.string(), "0.3.35"),
  SIIBRA_API_KG_TIMEOUT_MS: int("3000"),
  SIIBRA_API_LOG: v.optional(
    v.picklist(["info", "warn", "error", "silent"], "must be info, warn, error or silent"),
    "info",
  ),
  SIIBRA_API_ROLE: v.optional(v.picklist(["all", "server", "worker"], "must be all, server or worker"), "all"),
  SIIBRA_API_CACHE: v.optional(
    v.picklist(["auto", "redis", "memory", "none"], "must be auto, redis, memory or none"),
    "auto",
  ),
  /**
   * Memory of the in-process stores together (src/config/memory-budget.ts divides it); each store's
   * own variable below, when set, overrides its share (`storeSizes` records which were set).
   */
  SIIBRA_API_MEMORY_MB: positiveInt("384"),
  SIIBRA_API_CACHE_MAX_ENTRIES: int("5000"),
  SIIBRA_API_DATA_CACHE_MB: int("512"),
  /** Seconds atlas-download tasks and their zips are kept (clients poll, then download). */
  SIIBRA_API_DOWNLOAD_TTL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(600, "at least 600"),
    ),
    "3600",
  ),
  /** Role `all` without a cache directory (Workers): bound on the bytes of finished zips kept in the process. */
  SIIBRA_API_DOWNLOAD_MEMORY_MB: int("512"),
  /** Role `all` with a cache directory: bound on the bytes of finished zips kept in `<cacheDir>/downloads`. */
  SIIBRA_API_DOWNLOAD_DISK_MB: int("4096"),
  SIIBRA_API_HTTP_CACHE: v.optional(v.picklist(["on", "off"], "must be on or off"), "on"),
  SIIBRA_API_MAX_AGE_METADATA: int("3600"),
  SIIBRA_API_MAX_AGE_FILES: int("604800"),
  SIIBRA_API_MAX_AGE_LIVE: int("0"),
  SIIBRA_API_STALE_WHILE_REVALIDATE: int("86400"),
  SIIBRA_API_ETAG_EPOCH: int("86400"),
  /** Build the first-paint answers in the background right after listening (`on`/`off`). */
  SIIBRA_API_WARMUP: v.optional(
    v.pipe(
      v.picklist(["on", "off"], "must be on or off"),
      v.transform((s) => s === "on"),
    ),
    "on",
  ),
  /** Role `all`: bytes of job answers (files included) kept in the process, as Redis keeps them for role `server`. */
  SIIBRA_API_KEEP_MB: int("192"),
  /** How long a knowledge-graph or mesh-host failure is remembered, and so how long an answer built around it is kept. */
  SIIBRA_API_KG_FAILURE_TTL_MS: int("60000"),
  SIIBRA_API_REMOTE_TIMEOUT_MS: positiveInt("15000"),
  SIIBRA_API_REMOTE_MAX_MB: positiveInt("256"),
  SIIBRA_API_REMOTE_FAILURE_TTL_MS: int("30000"),
  /** Extra hosts remote data may come from: comma- or space-separated `host[:port]` or URLs. */
  SIIBRA_API_REMOTE_ALLOW_HOSTS: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.split(/[\s,]+/).filter(Boolean)),
    ),
    "",
  ),
  SIIBRA_API_WORKER_URL: text,
  SIIBRA_API_WORKER_URL_CORE: text,
  SIIBRA_API_WORKER_URL_FEATURES: text,
  SIIBRA_API_WORKER_URL_VOLUMES: text,
  SIIBRA_API_WORKER_URL_COMPOUNDS: text,
  /** Role `worker`: its own base URL as QStash calls it; signatures must name `<it>/_jobs/<queue>`. */
  SIIBRA_API_WORKER_PUBLIC_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  SIIBRA_API_QUEUE_PARALLELISM: perQueue(QUEUE_PARALLELISM),
  SIIBRA_API_QUEUE_TIMEOUT_MS: perQueue(QUEUE_TIMEOUT_MS),
  SIIBRA_API_JOB_RETRIES: int("3"),
  /** Role `all`: threads that run the jobs of the pooled queues off the event loop (0 = inline). */
  SIIBRA_API_POOL_THREADS: int("1"),
  /**
   * Role `worker` on Bun: the nice value of its JS thread (0–19). Jobs are batch work: where a worker
   * shares cores with a server, the kernel then prefers the server that answers critical routes.
   */
  SIIBRA_API_WORKER_NICE: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer("must be an integer"), v.minValue(0), v.maxValue(19)),
    "10",
  ),
  /** Queues whose jobs run on the thread pool. */
  SIIBRA_API_POOL_QUEUES: v.optional(
    v.pipe(
      v.string(),
      v.regex(new RegExp(`^\\s*(${QUEUES.join("|")})?\\s*(,\\s*(${QUEUES.join("|")})\\s*)*$`), "expected queue names"),
      v.transform(
        (s) =>
          new Set(
            s
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean) as Queue[],
          ),
      ),
    ),
    "features,volumes,compounds",
  ),
  /** Fault injection for benchmarks: CPU milliseconds burnt before each job that runs (not kept), per queue. */
  SIIBRA_API_JOB_CPU_MS: perQueue({ core: 0, features: 0, volumes: 0, compounds: 0 }),
  /** Requests of each non-critical class running at once (critical is never limited). */
  SIIBRA_API_CLASS_CONCURRENCY: perClass({ interactive: 16, detail: 4, files: 2, compounds: 1 }),
  /** Requests of each class waiting for a slot before that class is shed (503 + Retry-After). */
  SIIBRA_API_CLASS_QUEUE: perClass({ interactive: 64, detail: 16, files: 8, compounds: 32 }),
  /** Non-critical requests running at once, all classes together. */
  SIIBRA_API_CLASS_SLOTS: int("16"),
  /** Per-client request budgets of non-critical classes, e.g. `files=60/1m,compounds=5/1h`; unset: off. */
  SIIBRA_API_RATE_LIMIT: perClassRates(),
  SIIBRA_API_JOB_RESULT_TTL: int("3600"),
  /** Fault injection for tests and benchmarks: a worker waits this long before running each job. */
  SIIBRA_API_WORKER_DELAY_MS: int("0"),
  /** On SIGTERM, how long requests in flight may take before the process closes them and exits. */
  SIIBRA_API_SHUTDOWN_GRACE_MS: int("25000"),
  QSTASH_URL: v.optional(v.string(), "https://qstash.upstash.io"),
  QSTASH_TOKEN: text,
  QSTASH_CURRENT_SIGNING_KEY: text,
  QSTASH_NEXT_SIGNING_KEY: text,
  UPSTASH_REDIS_REST_URL: text,
  UPSTASH_REDIS_REST_TOKEN: text,
  XDG_CACHE_HOME: v.optional(v.string()),
  HOME: v.optional(v.string()),
});

/** The parsed variables, and which store sizes were set explicitly (the others come from the budget). */
export type Env = v.InferOutput<typeof EnvSchema> & { storeSizes: StoreSizes };

/** Parses the environment or throws one line naming the offending variable. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = v.safeParse(EnvSchema, raw);
  if (!result.success) {
    const issue = result.issues[0];
    const name = issue.path?.map((p) => String(p.key)).join(".") ?? "environment";
    throw new Error(`invalid environment variable ${name}: ${issue.message}`);
  }
  const env = { ...result.output, storeSizes: storeSizesOf(raw, result.output) };
  const missing = requiredFor(env).find((name) => !env[name]);
  if (missing)
    throw new Error(`missing environment variable ${missing} (required for SIIBRA_API_ROLE=${env.SIIBRA_API_ROLE})`);
  return env;
}

/** The per-store sizes given in the environment; a variable left unset means "a share of the budget". */
function storeSizesOf(raw: Record<string, string | undefined>, env: v.InferOutput<typeof EnvSchema>): StoreSizes {
  const given = (name: keyof typeof env) => raw[name] !== undefined;
  return {
    dataCacheMb: given("SIIBRA_API_DATA_CACHE_MB") ? env.SIIBRA_API_DATA_CACHE_MB : undefined,
    keepMb: given("SIIBRA_API_KEEP_MB") ? env.SIIBRA_API_KEEP_MB : undefined,
    responseCacheEntries: given("SIIBRA_API_CACHE_MAX_ENTRIES") ? env.SIIBRA_API_CACHE_MAX_ENTRIES : undefined,
    downloadMemoryMb: given("SIIBRA_API_DOWNLOAD_MEMORY_MB") ? env.SIIBRA_API_DOWNLOAD_MEMORY_MB : undefined,
  };
}

/** Credentials each role cannot run without: the server publishes and reads results, workers verify and store. */
function requiredFor(env: Env): (keyof Env)[] {
  const redis: (keyof Env)[] = ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"];
  if (env.SIIBRA_API_ROLE === "server") {
    const workerUrls = QUEUES.some((q) => workerUrlVar(q, env)) ? [] : (["SIIBRA_API_WORKER_URL"] as (keyof Env)[]);
    return ["QSTASH_TOKEN", ...redis, ...workerUrls];
  }
  if (env.SIIBRA_API_ROLE === "worker")
    return ["QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY", "SIIBRA_API_WORKER_PUBLIC_URL", ...redis];
  if (env.SIIBRA_API_CACHE === "redis") return redis;
  return [];
}

function workerUrlVar(queue: Queue, env: Env): string | undefined {
  return env[`SIIBRA_API_WORKER_URL_${queue.toUpperCase()}` as keyof Env] as string | undefined;
}

/** Worker base URLs for a queue (comma-separated lists are used round-robin). */
export function workerUrls(queue: Queue, env: Env): string[] {
  const raw = workerUrlVar(queue, env) ?? env.SIIBRA_API_WORKER_URL ?? "";
  return raw
    .split(",")
    .map((u) => u.trim().replace(/\/+$/, ""))
    .filter(Boolean);
}

/** Redis through its REST API, when configured (required by roles server and worker). */
export function redisOf(env: Env): { url: string; token: string } | null {
  return env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
    ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
    : null;
}

/** How role `server` publishes to workers: the same settings for awaited jobs and download tasks. */
export function qstashPublishing(env: Env): QStashPublisherOptions {
  return {
    qstash: { url: env.QSTASH_URL, token: env.QSTASH_TOKEN ?? "" },
    workers: Object.fromEntries(QUEUES.map((q) => [q, workerUrls(q, env)])) as Record<Queue, string[]>,
    parallelism: env.SIIBRA_API_QUEUE_PARALLELISM,
    timeoutMs: env.SIIBRA_API_QUEUE_TIMEOUT_MS,
    retries: env.SIIBRA_API_JOB_RETRIES,
  };
}

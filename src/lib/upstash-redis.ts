import type { Redis } from "@upstash/redis/cloudflare";

export type UpstashRedisOptions = {
  url: string;
  token: string;
  /** Bound on every REST call, its fetch aborted past it. */
  timeoutMs: number;
  /** SDK retries of network errors (its default, 5 with back-off, would stall requests during an outage). */
  retries: number;
};

/** What the service uses of the client: raw strings in and out. */
export type UpstashRedis = {
  get<T>(key: string): Promise<T | null>;
  /** Several keys read at one instant (null for each absent one). */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** `ex`/`px`: lifetime; `nx`: only when the key is absent (answers "OK" when set, null otherwise). */
  set(key: string, value: string, opts?: { ex: number } | { px: number; nx: true }): Promise<unknown>;
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
  del(key: string): Promise<unknown>;
};

/**
 * The one way this service talks to Upstash Redis: raw strings in and out, bounded calls, no extras.
 * The SDK is loaded in the background when the client is made (not at import: role `all` without
 * Redis never needs it, and it is ~20 ms of start-up); calls made before it is there wait for it.
 */
export function upstashRedis(opts: UpstashRedisOptions): UpstashRedis {
  const client = loadClient(opts);
  // A failed load surfaces on the calls (as a Redis error each caller handles), not as an unhandled rejection.
  client.catch(() => {});
  return {
    get: async <T>(key: string) => (await client).get<T>(key),
    mget: async (keys) => (await client).mget<(string | null)[]>(...keys),
    set: async (key, value, setOpts) => {
      const redis = await client;
      return setOpts ? redis.set(key, value, setOpts) : redis.set(key, value);
    },
    eval: async (script, keys, args) => (await client).eval(script, keys, args),
    del: async (key) => (await client).del(key),
  };
}

/** The SDK client itself, for libraries built on it (`@upstash/ratelimit`); loaded on first use too. */
export async function loadClient(opts: UpstashRedisOptions): Promise<Redis> {
  // The Cloudflare entry runs on Bun too and, unlike the Node entry, sets no `cache: "no-store"` fetch option.
  const { Redis } = await import("@upstash/redis/cloudflare");
  return new Redis({
    url: opts.url,
    token: opts.token,
    // Values must come back byte-for-byte: the default would turn "123" into 123 and `{"a":1}` into an object.
    automaticDeserialization: false,
    enableTelemetry: false,
    // Every value is a string this service wrote (valid UTF-8: JSON, base64): base64 responses would only add
    // a second encoding to each read and its decoding, megabytes of garbage per 1 MiB chunk of a file.
    responseEncoding: false,
    enableAutoPipelining: false,
    readYourWrites: false,
    retry: { retries: opts.retries },
    // A function, not a signal: with a fixed aborted signal the SDK answers `{result: "Aborted"}` as a success.
    signal: () => AbortSignal.timeout(opts.timeoutMs),
  });
}

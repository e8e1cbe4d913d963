// The Cloudflare entry runs on Bun too and, unlike the Node entry, sets no `cache: "no-store"` fetch option.
import { Redis } from "@upstash/redis/cloudflare";

export type UpstashRedisOptions = {
  url: string;
  token: string;
  /** Bound on every REST call, its fetch aborted past it. */
  timeoutMs: number;
  /** SDK retries of network errors (its default, 5 with back-off, would stall requests during an outage). */
  retries: number;
};

/** The one way this service talks to Upstash Redis: raw strings in and out, bounded calls, no extras. */
export function upstashRedis(opts: UpstashRedisOptions): Redis {
  return new Redis({
    url: opts.url,
    token: opts.token,
    // Values must come back byte-for-byte: the default would turn "123" into 123 and `{"a":1}` into an object.
    automaticDeserialization: false,
    enableTelemetry: false,
    enableAutoPipelining: false,
    readYourWrites: false,
    retry: { retries: opts.retries },
    // A function, not a signal: with a fixed aborted signal the SDK answers `{result: "Aborted"}` as a success.
    signal: () => AbortSignal.timeout(opts.timeoutMs),
  });
}

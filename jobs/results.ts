import { Redis } from "@upstash/redis/cloudflare";
import type { JobOutcome } from "./envelope.ts";

/**
 * Where workers leave job outcomes for the server, keyed by job id. Unlike the response cache this
 * store reports failures (rejects), so the server can fall back to running the job itself.
 */
export type JobResults = {
  get(id: string): Promise<JobOutcome | null>;
  set(id: string, outcome: JobOutcome, ttlSeconds: number): Promise<void>;
};

const KEY = (id: string) => `siibra-edge:job:${id}`;

export function upstashResults(opts: { url: string; token: string; timeoutMs?: number }): JobResults {
  const redis = new Redis({
    url: opts.url,
    token: opts.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    enableAutoPipelining: false,
    readYourWrites: false,
    retry: { retries: 0 },
    signal: () => AbortSignal.timeout(opts.timeoutMs ?? 1000),
  });
  return {
    async get(id) {
      const raw = await redis.get<string>(KEY(id));
      return typeof raw === "string" ? (JSON.parse(raw) as JobOutcome) : null;
    },
    async set(id, outcome, ttlSeconds) {
      await redis.set(KEY(id), JSON.stringify(outcome), { ex: ttlSeconds });
    },
  };
}

/** In-process results (unit tests of the transports). */
export function memoryResults(): JobResults {
  const map = new Map<string, { value: string; until: number }>();
  return {
    async get(id) {
      const hit = map.get(id);
      return hit && hit.until > Date.now() ? (JSON.parse(hit.value) as JobOutcome) : null;
    },
    async set(id, outcome, ttlSeconds) {
      map.set(id, { value: JSON.stringify(outcome), until: Date.now() + ttlSeconds * 1000 });
    },
  };
}

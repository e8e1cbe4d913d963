import { upstashRedis } from "../src/lib/upstash-redis.ts";
import { decodeOutcome, encodeOutcome } from "./outcome.ts";
import type { JobOutcome } from "./outcome.ts";

/**
 * Where workers leave job outcomes for the server, keyed by job id. Unlike the response cache this
 * store reports failures (rejects), so the server can fall back to running the job itself.
 */
export type JobResults = {
  get(id: string): Promise<JobOutcome | null>;
  set(id: string, outcome: JobOutcome, ttlSeconds: number): Promise<void>;
};

/** `outcome:` rather than the former `job:` prefix: values are in the head + body form of outcome.ts. */
const KEY = (id: string) => `siibra-edge:outcome:${id}`;

export function upstashResults(opts: { url: string; token: string; timeoutMs?: number }): JobResults {
  const redis = upstashRedis({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs ?? 1000, retries: 0 });
  return {
    async get(id) {
      const raw = await redis.get<string>(KEY(id));
      return typeof raw === "string" ? decodeOutcome(raw) : null;
    },
    async set(id, outcome, ttlSeconds) {
      await redis.set(KEY(id), encodeOutcome(outcome), { ex: ttlSeconds });
    },
  };
}

/** In-process results (unit tests of the transports); stored in the same encoded form as in Redis. */
export function memoryResults(): JobResults {
  const map = new Map<string, { value: string; until: number }>();
  return {
    async get(id) {
      const hit = map.get(id);
      return hit && hit.until > Date.now() ? decodeOutcome(hit.value) : null;
    },
    async set(id, outcome, ttlSeconds) {
      map.set(id, { value: encodeOutcome(outcome), until: Date.now() + ttlSeconds * 1000 });
    },
  };
}

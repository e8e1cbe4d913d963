import { upstashRedis } from "../lib/upstash-redis.ts";
import { decodeOutcome, encodeOutcome } from "./outcome.ts";
import type { JobOutcome } from "./outcome.ts";

/**
 * Where workers leave job outcomes for the server, keyed by job id, and the claims that let one worker
 * run a job while another delivery of the same message waits (src/transport/claims.ts). Unlike the response
 * cache this store reports failures (rejects), so the server can fall back to running the job itself.
 */
export type JobResults = {
  get(id: string): Promise<JobOutcome | null>;
  set(id: string, outcome: JobOutcome, ttlSeconds: number): Promise<void>;
  /** One chunk of a large outcome's bytes (base64), stored under its own key beside the head. */
  setChunk(id: string, index: number, base64: string, ttlSeconds: number): Promise<void>;
  getChunk(id: string, index: number): Promise<string | null>;
  /** Takes the job's claim for `holder` unless someone holds it; true when taken. */
  claim(id: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a claim still held by `holder` (a heartbeat while the job runs). */
  renew(id: string, holder: string, ttlMs: number): Promise<void>;
  /** Drops the claim if `holder` still holds it. */
  release(id: string, holder: string): Promise<void>;
};

/** `outcome:` rather than the former `job:` prefix: values are in the head + body form of outcome.ts. */
const KEY = (id: string) => `siibra-edge:outcome:${id}`;
const CLAIM = (id: string) => `siibra-edge:claim:${id}`;
/** Each chunk its own key: no record nears Upstash's 100 MB per record, no request its 10 MB. */
const CHUNK = (id: string, index: number) => `siibra-edge:outcome:${id}:${index}`;

/** Compare-and-act in one step, so a holder whose claim expired never touches its successor's. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

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
    async setChunk(id, index, base64, ttlSeconds) {
      await redis.set(CHUNK(id, index), base64, { ex: ttlSeconds });
    },
    async getChunk(id, index) {
      const raw = await redis.get<string>(CHUNK(id, index));
      return typeof raw === "string" ? raw : null;
    },
    async claim(id, holder, ttlMs) {
      return (await redis.set(CLAIM(id), holder, { nx: true, px: ttlMs })) === "OK";
    },
    async renew(id, holder, ttlMs) {
      await redis.eval(RENEW, [CLAIM(id)], [holder, String(ttlMs)]);
    },
    async release(id, holder) {
      await redis.eval(RELEASE, [CLAIM(id)], [holder]);
    },
  };
}

/** In-process results (unit tests of the transports); stored in the same encoded form as in Redis. */
export function memoryResults(): JobResults {
  const map = new Map<string, { value: string; until: number }>();
  const claims = new Map<string, { holder: string; until: number }>();
  const held = (id: string, holder: string) => {
    const c = claims.get(id);
    return c !== undefined && c.until > Date.now() && c.holder === holder;
  };
  return {
    async get(id) {
      const hit = map.get(id);
      return hit && hit.until > Date.now() ? decodeOutcome(hit.value) : null;
    },
    async set(id, outcome, ttlSeconds) {
      map.set(id, { value: encodeOutcome(outcome), until: Date.now() + ttlSeconds * 1000 });
    },
    async setChunk(id, index, base64, ttlSeconds) {
      map.set(`${id}:${index}`, { value: base64, until: Date.now() + ttlSeconds * 1000 });
    },
    async getChunk(id, index) {
      const hit = map.get(`${id}:${index}`);
      return hit && hit.until > Date.now() ? hit.value : null;
    },
    async claim(id, holder, ttlMs) {
      const c = claims.get(id);
      if (c && c.until > Date.now()) return false;
      claims.set(id, { holder, until: Date.now() + ttlMs });
      return true;
    },
    async renew(id, holder, ttlMs) {
      if (held(id, holder)) claims.set(id, { holder, until: Date.now() + ttlMs });
    },
    async release(id, holder) {
      if (held(id, holder)) claims.delete(id);
    },
  };
}

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
  /** Stores the outcome and, in the same step, a short-lived mark that it was written (see `look`). */
  set(id: string, outcome: JobOutcome, ttlSeconds: number): Promise<void>;
  /** One chunk of a large outcome's bytes (base64), stored under its own key beside the head. */
  setChunk(id: string, index: number, base64: string, ttlSeconds: number): Promise<void>;
  getChunk(id: string, index: number): Promise<string | null>;
  /**
   * The outcome, the claim and the last write's mark, read at one instant: what a server waiting for the job
   * needs to tell one still queued or running from one whose outcome was stored and is gone.
   */
  look(id: string): Promise<JobState>;
  /** Takes the job's claim for `holder` unless someone holds it; true when taken. */
  claim(id: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends a claim still held by `holder` (a heartbeat while the job runs). */
  renew(id: string, holder: string, ttlMs: number): Promise<void>;
  /** Drops the claim if `holder` still holds it. */
  release(id: string, holder: string): Promise<void>;
};

export type JobState = {
  outcome: JobOutcome | null;
  /** A worker holds the job's claim: it is running it. */
  claimed: boolean;
  /**
   * A value unique to the last outcome write, for `WRITE_MARK_MS` after it (never longer than the outcome's
   * own lifetime); null otherwise. With no outcome beside it, that outcome was lost (evicted, deleted) before
   * it expired.
   */
  written: string | null;
};

/**
 * How long a write mark lasts: a waiting server reads it many times over (it polls every 25 ms at most).
 * Short, because a later request for the same job that meets an old loss's mark publishes once more than
 * needed (the claim still makes it one run).
 */
export const WRITE_MARK_MS = 10_000;

/**
 * A mark never outlives its outcome (it goes a little before it): an outcome that expired in its time is
 * not lost, and asking for it again is the pipeline's business, not a republish.
 */
const markMs = (ttlSeconds: number) => Math.max(1, Math.min(WRITE_MARK_MS, ttlSeconds * 1000 - 100));

/** `outcome:` rather than the former `job:` prefix: values are in the head + body form of outcome.ts. */
const KEY = (id: string) => `siibra-edge:outcome:${id}`;
const CLAIM = (id: string) => `siibra-edge:claim:${id}`;
/** Each chunk its own key: no record nears Upstash's 100 MB per record, no request its 10 MB. */
const CHUNK = (id: string, index: number) => `siibra-edge:outcome:${id}:${index}`;
const WRITTEN = (id: string) => `siibra-edge:written:${id}`;

/** Compare-and-act in one step, so a holder whose claim expired never touches its successor's. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;
/** Outcome and mark together: a mark never stands for an outcome that was not stored. */
const STORE = `redis.call("set", KEYS[1], ARGV[1], "EX", ARGV[2]) redis.call("set", KEYS[2], ARGV[3], "PX", ARGV[4]) return 1`;

export function upstashResults(opts: { url: string; token: string; timeoutMs?: number }): JobResults {
  const redis = upstashRedis({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs ?? 1000, retries: 0 });
  return {
    async get(id) {
      const raw = await redis.get<string>(KEY(id));
      return typeof raw === "string" ? decodeOutcome(raw) : null;
    },
    async set(id, outcome, ttlSeconds) {
      const args = [encodeOutcome(outcome), String(ttlSeconds), crypto.randomUUID(), String(markMs(ttlSeconds))];
      await redis.eval(STORE, [KEY(id), WRITTEN(id)], args);
    },
    async look(id) {
      const [raw, holder, written] = await redis.mget([KEY(id), CLAIM(id), WRITTEN(id)]);
      return {
        outcome: typeof raw === "string" ? decodeOutcome(raw) : null,
        claimed: typeof holder === "string",
        written: typeof written === "string" ? written : null,
      };
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

type Timed<T> = { value: T; until: number };

/**
 * In-process results (unit tests of the transports), behaving as the Redis ones: stored in the same encoded
 * form, with the same write marks. `drop` loses an outcome as an eviction would, leaving its mark.
 */
export function memoryResults(): JobResults & { drop(id: string): void } {
  const outcomes = new Map<string, Timed<string>>();
  const claims = new Map<string, Timed<string>>();
  const marks = new Map<string, Timed<string>>();
  const live = (map: Map<string, Timed<string>>, id: string) => {
    const hit = map.get(id);
    return hit && hit.until > Date.now() ? hit.value : null;
  };
  const held = (id: string, holder: string) => live(claims, id) === holder;
  return {
    async get(id) {
      const raw = live(outcomes, id);
      return raw === null ? null : decodeOutcome(raw);
    },
    async set(id, outcome, ttlSeconds) {
      outcomes.set(id, { value: encodeOutcome(outcome), until: Date.now() + ttlSeconds * 1000 });
      marks.set(id, { value: crypto.randomUUID(), until: Date.now() + markMs(ttlSeconds) });
    },
    async look(id) {
      const raw = live(outcomes, id);
      return {
        outcome: raw === null ? null : decodeOutcome(raw),
        claimed: live(claims, id) !== null,
        written: live(marks, id),
      };
    },
    async setChunk(id, index, base64, ttlSeconds) {
      outcomes.set(`${id}:${index}`, { value: base64, until: Date.now() + ttlSeconds * 1000 });
    },
    async getChunk(id, index) {
      return live(outcomes, `${id}:${index}`);
    },
    async claim(id, holder, ttlMs) {
      if (live(claims, id) !== null) return false;
      claims.set(id, { value: holder, until: Date.now() + ttlMs });
      return true;
    },
    async renew(id, holder, ttlMs) {
      if (held(id, holder)) claims.set(id, { value: holder, until: Date.now() + ttlMs });
    },
    async release(id, holder) {
      if (held(id, holder)) claims.delete(id);
    },
    drop(id) {
      outcomes.delete(id);
    },
  };
}

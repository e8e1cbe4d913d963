import { canonical } from "./job-key.ts";
import { parsePayload } from "./runner.ts";
import { RawJson } from "../lib/raw-json.ts";
import { FileBody } from "../lib/file-body.ts";
import { ByteLru } from "../lib/byte-lru.ts";
import type { JobRunner } from "./runner.ts";
import type { Job } from "../../jobs/job.ts";

type Kept = { value: RawJson | FileBody; expires: number };

export type ResultMemoOptions = {
  /** Bytes of results kept (`0` = none kept; concurrent identical jobs still share one run). */
  maxBytes: number;
  /** How long a result is served again, as role `server` keeps a stored outcome (`SIIBRA_API_JOB_RESULT_TTL`). */
  ttlMs: number;
  now?: () => number;
};

/**
 * Role `all`: what the job result store is to role `server`. The outcome of a job that succeeded is
 * served again for the outcome lifetime, bounded by bytes, and identical jobs in flight share one run.
 * Without it, a repeated statistical map or feature download would rebuild the file on every request,
 * where role `server` answers it from Redis. Immutable jobs are kept below (src/transport/memo-runner.ts) for
 * as long as the configuration lives, so they pass through here. Failures are never kept.
 */
export function resultMemo(inner: JobRunner, opts: ResultMemoOptions): JobRunner & { readonly held: number } {
  const now = opts.now ?? Date.now;
  // ByteLru shares a load in flight between identical callers and keeps nothing that failed.
  const kept = new ByteLru(opts.maxBytes);
  const keyOf = (job: Job, payload: unknown) => `${job.name}\n${canonical(parsePayload(job, payload))}`;

  /** An entry still within its lifetime; an expired one is dropped, so the next run loads again. */
  const fresh = (key: string): RawJson | FileBody | undefined => {
    const hit = kept.get<Kept>(key);
    if (hit && hit.expires > now()) return hit.value;
    if (hit) kept.delete(key);
    return undefined;
  };

  return {
    get held() {
      return kept.size;
    },
    peek(job, payload) {
      if (job.immutable) return inner.peek?.(job, payload);
      return fresh(keyOf(job as Job, payload)) as never;
    },
    async run(job, payload) {
      if (job.immutable) return inner.run(job, payload);
      const key = keyOf(job as Job, payload);
      const hit = fresh(key);
      if (hit) return hit as never;
      const built = await kept.getOrLoad<Kept>(key, async () => {
        // Kept in its sent form: a structure is serialized once here, as role `server` stores it.
        const value = await inner.run(job, payload);
        const sent = value instanceof FileBody || value instanceof RawJson ? value : new RawJson(JSON.stringify(value));
        // Two bytes per UTF-16 code unit: what a string occupies in the process. Past `maxBytes` nothing is kept.
        const size = (sent instanceof FileBody ? sent.bytes.byteLength : sent.text.length * 2) + key.length * 2;
        return { value: { value: sent, expires: now() + opts.ttlMs }, bytes: opts.ttlMs > 0 ? size : Infinity };
      });
      return built.value as never;
    },
  };
}

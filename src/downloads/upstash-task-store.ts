import { upstashRedis } from "../lib/upstash-redis.ts";
import type { TaskRecord, TaskStore } from "./task-store.ts";

export type UpstashTaskStoreOptions = {
  url: string;
  token: string;
  /** Bound on every Redis call (files travel in chunks, so one call moves at most one chunk). */
  timeoutMs?: number;
  /** Raw bytes per chunk: Upstash bounds the size of one request (1 MB on the free plan). */
  chunkBytes?: number;
};

const RECORD = (id: string) => `siibra-edge:download:${id}`;
const CHUNK = (id: string, i: number) => `siibra-edge:download:${id}:${i}`;

/**
 * Roles `server` and `worker`: task records and zips in Upstash Redis (REST). Zips can weigh tens of
 * megabytes, more than one REST request may carry, so they are stored base64-encoded in chunks
 * under `<task>:<n>` keys that expire with the record.
 */
export function upstashTaskStore(opts: UpstashTaskStoreOptions): TaskStore {
  const chunkBytes = opts.chunkBytes ?? 512 * 1024;
  const redis = upstashRedis({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs ?? 10_000, retries: 1 });
  return {
    shared: true,
    async getRecord(id) {
      const raw = await redis.get<string>(RECORD(id));
      return typeof raw === "string" ? (JSON.parse(raw) as TaskRecord) : null;
    },
    async putRecord(id, record, ttlSeconds) {
      await redis.set(RECORD(id), JSON.stringify(record), { ex: ttlSeconds });
    },
    async deleteRecord(id) {
      await redis.del(RECORD(id));
    },
    async putFile(id, bytes, ttlSeconds) {
      const chunks = Math.max(1, Math.ceil(bytes.byteLength / chunkBytes));
      for (let i = 0; i < chunks; i++) {
        const part = bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes);
        await redis.set(CHUNK(id, i), part.toBase64(), { ex: ttlSeconds });
      }
      return chunks;
    },
    async getFile(id, chunks) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < chunks; i++) {
        const raw = await redis.get<string>(CHUNK(id, i));
        if (typeof raw !== "string") return null;
        parts.push(Uint8Array.fromBase64(raw));
      }
      const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let offset = 0;
      for (const p of parts) {
        out.set(p, offset);
        offset += p.byteLength;
      }
      return out;
    },
  };
}

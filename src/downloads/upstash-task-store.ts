import { upstashRedis } from "../lib/upstash-redis.ts";
import { readChunks, writeChunks } from "../lib/chunks.ts";
import type { ChunkIo } from "../lib/chunks.ts";
import type { TaskRecord, TaskStore } from "./task-store.ts";

export type UpstashTaskStoreOptions = {
  url: string;
  token: string;
  /** Bound on every Redis call (files travel in chunks, so one call moves at most one chunk). */
  timeoutMs?: number;
  /** Raw bytes per chunk (default 768 KiB: 1 MiB of base64 per command, as job outcomes). */
  chunkBytes?: number;
};

const RECORD = (id: string) => `siibra-edge:download:${id}`;
const CHUNK = (id: string, i: number) => `siibra-edge:download:${id}:${i}`;

/**
 * Roles `server` and `worker`: task records and zips in Upstash Redis (REST). Zips can weigh tens of
 * megabytes, more than one REST request may carry, so they are stored base64-encoded in chunks
 * under `<task>:<n>` keys that expire with the record (src/lib/chunks.ts, as large job outcomes), and
 * read back as a stream the server forwards chunk by chunk.
 */
export function upstashTaskStore(opts: UpstashTaskStoreOptions): TaskStore {
  const chunkBytes = opts.chunkBytes ?? 768 * 1024;
  const redis = upstashRedis({ url: opts.url, token: opts.token, timeoutMs: opts.timeoutMs ?? 10_000, retries: 1 });
  const chunks = (id: string, ttlSeconds = 0): ChunkIo => ({
    put: async (i, base64) => {
      await redis.set(CHUNK(id, i), base64, { ex: ttlSeconds });
    },
    get: async (i) => {
      const raw = await redis.get<string>(CHUNK(id, i));
      return typeof raw === "string" ? raw : null;
    },
  });
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
    putFile: (id, bytes, ttlSeconds) => writeChunks(chunks(id, ttlSeconds), bytes, chunkBytes),
    async getFile(id, count) {
      const bytes = await new Response(readChunks(chunks(id), count, `download ${id}`)).bytes().catch(() => null);
      return bytes ? new Uint8Array(bytes) : null;
    },
    openFile: (id, count) => readChunks(chunks(id), count, `download ${id}`),
  };
}

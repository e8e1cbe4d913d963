/**
 * Role `all` with a file system: finished zips live on disk under the cache directory, not in the
 * process (a bundle can weigh hundreds of MB), bounded by time and by total bytes. Records are small
 * and stay in memory, so after a restart earlier tasks answer 404, as with the memory store.
 */
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TaskRecord, TaskStore } from "./task-store.ts";

export type DiskTaskStoreOptions = {
  /** Folder of the zips (`<cacheDir>/downloads`), created on first use. */
  dir: string;
  /** Bound on the bytes of this process's zips; the oldest are deleted first (their tasks then read as expired). */
  maxBytes: number;
  /**
   * How long a zip this process does not know (left by an earlier run) is kept, from its modification
   * time: the configured task lifetime, after which its task has expired for whoever wrote it.
   */
  orphanTtlSeconds: number;
  /** Pause between sweeps of expired entries and orphans (default one minute). */
  sweepEveryMs?: number;
  now?: () => number;
};

/** Task ids are UUIDs; anything else must never become part of a path. */
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

export function diskTaskStore(opts: DiskTaskStoreOptions): TaskStore {
  const now = opts.now ?? Date.now;
  const sweepEveryMs = opts.sweepEveryMs ?? 60_000;
  const records = new Map<string, { record: TaskRecord; until: number }>();
  // Insertion order is write order, and every zip gets the same lifetime: oldest and first to expire first.
  const files = new Map<string, { bytes: number; until: number }>();
  let total = 0;
  let nextSweep = 0;
  let ready: Promise<unknown> | null = null;

  const pathOf = (id: string) => join(opts.dir, `${id}.zip`);
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined);

  /** Forgets a zip at once (readers then see it gone) and deletes it in the background. */
  const dropFile = (id: string) => {
    const hit = files.get(id);
    if (!hit) return;
    files.delete(id);
    total -= hit.bytes;
    void quietly(unlink(pathOf(id)));
  };

  /** Zips that no task of this process names, older than a task lives. */
  const sweepOrphans = async () => {
    const cutoff = now() - opts.orphanTtlSeconds * 1000;
    for (const name of await readdir(opts.dir)) {
      const id = name.replace(/\.zip(\.tmp-.*)?$/, "");
      if (files.has(id) && name.endsWith(".zip")) continue;
      const path = join(opts.dir, name);
      // Another process may delete its own zips meanwhile: a file gone is fine, the scan goes on.
      await quietly(stat(path).then((s) => (s.mtimeMs < cutoff ? unlink(path) : undefined)));
    }
  };

  const sweep = () => {
    const t = now();
    if (t < nextSweep) return;
    nextSweep = t + sweepEveryMs;
    for (const [id, e] of records) {
      if (e.until > t) break;
      records.delete(id);
    }
    for (const [id, e] of files) {
      if (e.until > t) break;
      dropFile(id);
    }
    void quietly(sweepOrphans());
  };

  return {
    async getRecord(id) {
      sweep();
      const hit = records.get(id);
      if (!hit || hit.until <= now()) return null;
      // A success whose zip was deleted for space is as good as expired.
      if (hit.record.state === "SUCCESS" && !files.has(id)) return null;
      return hit.record;
    },
    async putRecord(id, record, ttlSeconds) {
      sweep();
      records.delete(id);
      records.set(id, { record, until: now() + ttlSeconds * 1000 });
    },
    async deleteRecord(id) {
      records.delete(id);
    },
    async putFile(id, bytes, ttlSeconds) {
      if (!SAFE_ID.test(id)) throw new Error(`task id ${JSON.stringify(id)} cannot name a file`);
      if (bytes.byteLength > opts.maxBytes) throw new Error(`bundle of ${bytes.byteLength} bytes exceeds the store`);
      sweep();
      ready ??= mkdir(opts.dir, { recursive: true });
      await ready;
      // Written aside, then renamed: a reader never sees half a zip.
      const temporary = `${pathOf(id)}.tmp-${crypto.randomUUID()}`;
      await writeFile(temporary, bytes);
      await rename(temporary, pathOf(id));
      const kept = files.get(id);
      if (kept) {
        files.delete(id);
        total -= kept.bytes;
      }
      files.set(id, { bytes: bytes.byteLength, until: now() + ttlSeconds * 1000 });
      total += bytes.byteLength;
      for (const [other] of files) {
        if (total <= opts.maxBytes) break;
        if (other !== id) dropFile(other);
      }
      return 1;
    },
    async getFile(id) {
      const hit = files.get(id);
      if (!hit) return null;
      if (hit.until <= now()) {
        dropFile(id);
        return null;
      }
      try {
        const buffer = await readFile(pathOf(id));
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch {
        // Deleted behind our back (an operator cleaning the cache): the task has expired.
        if (files.get(id) === hit) {
          files.delete(id);
          total -= hit.bytes;
        }
        return null;
      }
    },
  };
}

/**
 * Role `all` with a file system: tasks live on disk under the cache directory, not in the process — a
 * finished zip can weigh hundreds of MB, and the job threads that build bundles must see the same tasks
 * as the thread answering polls. Each task is `<id>.json` (its record and expiry) and, once built,
 * `<id>.zip`; both are written aside and renamed, so a reader never sees half a file. Bounded by time
 * (expired tasks are deleted when read and by a periodic sweep) and by the total bytes of zips (the
 * oldest go first; their tasks then read as expired). Zips are stamped with the store's clock, so
 * age and order do not depend on the file system's own times.
 */
import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { TaskRecord, TaskStore } from "./task-store.ts";

export type DiskTaskStoreOptions = {
  /** Folder of the tasks (`<cacheDir>/downloads`), created on first use. */
  dir: string;
  /** Bound on the bytes of zips in the folder; the oldest are deleted first. */
  maxBytes: number;
  /** How long a file no live record names (left by a crash or an earlier run) is kept: a task's lifetime. */
  orphanTtlSeconds: number;
  /** Pause between sweeps of expired tasks and orphans (default one minute). */
  sweepEveryMs?: number;
  now?: () => number;
};

type Stored = { record: TaskRecord; until: number };

/** A file read piece by piece as the reader pulls (backpressure: nothing is read ahead of the client). */
function fileStream(path: string): ReadableStream<Uint8Array> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const pieces = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await pieces.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value as Buffer));
    },
    cancel() {
      source.destroy();
    },
  });
}

/** Task ids are UUIDs; anything else must never become part of a path. */
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

export function diskTaskStore(opts: DiskTaskStoreOptions): TaskStore {
  const now = opts.now ?? Date.now;
  const sweepEveryMs = opts.sweepEveryMs ?? 60_000;
  let nextSweep = 0;
  let lastStamp = 0;
  let ready: Promise<unknown> | null = null;
  const file = (id: string, ext: "json" | "zip") => join(opts.dir, `${id}.${ext}`);
  const quietly = <T>(p: Promise<T>) => p.catch(() => undefined);
  const folder = () => {
    ready ??= mkdir(opts.dir, { recursive: true });
    return ready;
  };

  /** Written aside, then renamed; stamped with the store's clock. */
  async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
    await folder();
    const temporary = `${path}.tmp-${crypto.randomUUID()}`;
    await writeFile(temporary, data);
    // Strictly increasing, so files written within one clock tick keep their write order.
    lastStamp = Math.max(now(), lastStamp + 1);
    await utimes(temporary, lastStamp / 1000, lastStamp / 1000);
    await rename(temporary, path);
  }

  async function drop(id: string): Promise<void> {
    await Promise.all([quietly(unlink(file(id, "json"))), quietly(unlink(file(id, "zip")))]);
  }

  async function stored(id: string): Promise<Stored | null> {
    if (!SAFE_ID.test(id)) return null;
    const text = await quietly(readFile(file(id, "json"), "utf8"));
    if (text === undefined) return null;
    const entry = JSON.parse(text) as Stored;
    if (entry.until > now()) return entry;
    await drop(id);
    return null;
  }

  /** Zips by age (oldest first), with their sizes; files that vanish meanwhile are skipped. */
  async function zips(): Promise<{ id: string; bytes: number; stamped: number }[]> {
    const names = (await quietly(readdir(opts.dir))) ?? [];
    const found = await Promise.all(
      names
        .filter((n) => n.endsWith(".zip"))
        .map(async (n) => {
          const s = await quietly(stat(join(opts.dir, n)));
          return s ? { id: n.slice(0, -4), bytes: s.size, stamped: s.mtimeMs } : null;
        }),
    );
    return found.filter((z) => z !== null).sort((a, b) => a.stamped - b.stamped);
  }

  /** Expired tasks, and files no record names once older than a task lives (crashes, earlier runs). */
  async function sweep(): Promise<void> {
    const t = now();
    if (t < nextSweep) return;
    nextSweep = t + sweepEveryMs;
    const cutoff = t - opts.orphanTtlSeconds * 1000;
    for (const name of (await quietly(readdir(opts.dir))) ?? []) {
      const id = name.replace(/\.(json|zip)(\.tmp-.*)?$/, "");
      if (name.endsWith(".json")) {
        await stored(id);
        continue;
      }
      const live = name.endsWith(".zip") && (await quietly(stat(file(id, "json"))));
      if (live) continue;
      const path = join(opts.dir, name);
      await quietly(stat(path).then((s) => (s.mtimeMs < cutoff ? unlink(path) : undefined)));
    }
  }

  return {
    shared: true,
    async getRecord(id) {
      await sweep();
      const entry = await stored(id);
      if (!entry) return null;
      // A success whose zip was deleted for space is as good as expired.
      if (entry.record.state === "SUCCESS" && !(await quietly(stat(file(id, "zip"))))) return null;
      return entry.record;
    },
    async putRecord(id, record, ttlSeconds) {
      if (!SAFE_ID.test(id)) throw new Error(`task id ${JSON.stringify(id)} cannot name a file`);
      await sweep();
      await writeAtomically(file(id, "json"), JSON.stringify({ record, until: now() + ttlSeconds * 1000 }));
    },
    async deleteRecord(id) {
      if (SAFE_ID.test(id)) await drop(id);
    },
    async putFile(id, bytes) {
      if (!SAFE_ID.test(id)) throw new Error(`task id ${JSON.stringify(id)} cannot name a file`);
      if (bytes.byteLength > opts.maxBytes) throw new Error(`bundle of ${bytes.byteLength} bytes exceeds the store`);
      await sweep();
      await writeAtomically(file(id, "zip"), bytes);
      const all = await zips();
      let total = all.reduce((sum, z) => sum + z.bytes, 0);
      for (const z of all) {
        if (total <= opts.maxBytes) break;
        if (z.id === id) continue;
        await drop(z.id);
        total -= z.bytes;
      }
      return 1;
    },
    async getFile(id) {
      const entry = await stored(id);
      if (!entry) return null;
      const buffer = await quietly(readFile(file(id, "zip")));
      // Deleted for space, or by an operator cleaning the cache: the task has expired.
      return buffer ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : null;
    },
    // Sent as it is read: a bundle of hundreds of MB never sits in the process. A zip deleted meanwhile
    // fails the transfer (the record said it was there a moment ago).
    openFile: (id) => fileStream(file(id, "zip")),
  };
}

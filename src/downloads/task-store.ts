/**
 * Where atlas-download tasks live between the request that starts them and the polls that follow:
 * a small record per task (state, file size) and the finished zip. Role `all` keeps them in the
 * process; roles `server` and `worker` share them through Redis, so any server instance can answer a
 * poll for a bundle a worker built.
 */
export type TaskFailure = { status: number; body: Record<string, unknown> };

export type TaskRecord = { createdAt: number } & (
  | { state: "PENDING" }
  | { state: "SUCCESS"; filename: string; bytes: number; chunks: number }
  | ({ state: "FAILURE" } & TaskFailure)
);

export type TaskStore = {
  /** Other threads and processes see the same tasks (a store on disk or in Redis), so they may build them. */
  readonly shared?: boolean;
  getRecord(id: string): Promise<TaskRecord | null>;
  putRecord(id: string, record: TaskRecord, ttlSeconds: number): Promise<void>;
  /** Forgets a task that was never launched (refused at the start: its client got a 503, not an id). */
  deleteRecord(id: string): Promise<void>;
  /** Stores the file; resolves to the number of chunks it was split into. */
  putFile(id: string, bytes: Uint8Array, ttlSeconds: number): Promise<number>;
  /** The file, or null when it expired or a chunk is missing. */
  getFile(id: string, chunks: number): Promise<Uint8Array | null>;
  /** The file as a stream read as it is sent, where the store holds it in pieces (Redis). */
  openFile?(id: string, chunks: number): ReadableStream<Uint8Array>;
};

export type MemoryTaskStoreOptions = {
  /** Bound on the bytes of kept files; the oldest are dropped first (their tasks then read as expired). */
  maxBytes: number;
  now?: () => number;
};

/** Role `all`: records and files in the process, bounded by time and bytes. */
export function memoryTaskStore(opts: MemoryTaskStoreOptions): TaskStore {
  const now = opts.now ?? Date.now;
  const records = new Map<string, { record: TaskRecord; until: number }>();
  const files = new Map<string, { bytes: Uint8Array; until: number }>();
  let total = 0;

  const dropFile = (id: string) => {
    const hit = files.get(id);
    if (!hit) return;
    files.delete(id);
    total -= hit.bytes.byteLength;
  };
  // Entries are (re)inserted at the end with the same lifetime, so Map order is expiry order: a sweep
  // stops at the first live entry and costs what expired, not every task kept (a flood of starts
  // would otherwise make each request walk them all).
  const sweep = () => {
    const t = now();
    for (const [id, e] of records) {
      if (e.until > t) break;
      records.delete(id);
    }
    for (const [id, e] of files) {
      if (e.until > t) break;
      dropFile(id);
    }
  };

  return {
    async getRecord(id) {
      const hit = records.get(id);
      if (!hit || hit.until <= now()) return null;
      // A success whose file was evicted for space is as good as expired.
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
      sweep();
      dropFile(id);
      if (bytes.byteLength > opts.maxBytes) throw new Error(`bundle of ${bytes.byteLength} bytes exceeds the store`);
      files.set(id, { bytes, until: now() + ttlSeconds * 1000 });
      total += bytes.byteLength;
      // Map order is insertion order: the oldest files go first.
      for (const [other] of files) {
        if (total <= opts.maxBytes) break;
        if (other !== id) dropFile(other);
      }
      return 1;
    },
    async getFile(id) {
      const hit = files.get(id);
      return hit && hit.until > now() ? hit.bytes : null;
    },
  };
}

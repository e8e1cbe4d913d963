import { AppError, DetailNotFoundError, UnavailableError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { FileStream } from "../lib/file-stream.ts";
import { parseBbox } from "../lib/bbox.ts";
import type { BundleParams } from "./params.ts";
import type { BundleRequest } from "./bundle.ts";
import type { TaskStore } from "./task-store.ts";

/** Hands a task over to whatever builds it (this process, or a worker through the queue). */
export type BundleLauncher = { launch(taskId: string, req: BundleRequest): Promise<void> };

export type DownloadTasks = {
  /** Records the task and launches it; answers at once. */
  start(params: BundleParams): Promise<{ task_id: string; status: null }>;
  /** `PENDING` or `SUCCESS`; unknown or expired → 404, failed → the failure's status and body. */
  status(taskId: string): Promise<{ task_id: string; status: "PENDING" | "SUCCESS" }>;
  /** The zip; not finished, unknown or expired → 404 `Not found <id>` (upstream's text). */
  file(taskId: string): Promise<FileBody | FileStream>;
};

export type DownloadTasksOptions = {
  store: TaskStore;
  launcher: BundleLauncher;
  /** How long records and zips are kept (at least 10 minutes: clients poll, then download). */
  ttlSeconds: number;
  /** A task still pending after this long is reported failed, so pollers stop (the queue's timeout). */
  pendingTimeoutMs: number;
  version: string;
  now?: () => number;
  newId?: () => string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `/atlas_download` as an asynchronous task in every role (siibra-explorer polls): upstream's task id
 * protocol, with unknown or expired ids answered 404 instead of upstream's `PENDING` forever, so
 * pollers stop (docs/decisions.md#unknown-download-tasks).
 */
export function downloadTasks(opts: DownloadTasksOptions): DownloadTasks {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? (() => crypto.randomUUID());
  const notFound = (id: string) => new DetailNotFoundError(`Not found ${id}`);

  /** The task store (Redis in roles server/worker) being down is a 503, not a 500. */
  async function stored<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new UnavailableError(`download task store: ${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function record(taskId: string) {
    const rec = UUID.test(taskId) ? await stored("read", () => opts.store.getRecord(taskId)) : null;
    if (!rec) throw notFound(taskId);
    if (rec.state === "FAILURE") throw new AppError(rec.status, rec.body);
    if (rec.state === "PENDING" && now() - rec.createdAt > opts.pendingTimeoutMs) {
      throw new AppError(500, { detail: `task ${taskId} did not finish within ${opts.pendingTimeoutMs / 1000} s` });
    }
    return rec;
  }

  return {
    async start(params) {
      // Upstream parses bbox inside the space part, so a malformed value only yields an `.error.txt`
      // in the zip after minutes of work; we answer 400 before starting the task.
      parseBbox(params.bbox);
      const taskId = newId();
      const createdAt = now();
      await stored("write", () => opts.store.putRecord(taskId, { state: "PENDING", createdAt }, opts.ttlSeconds));
      try {
        await opts.launcher.launch(taskId, { ...params, version: opts.version, requested_at: createdAt });
      } catch (err) {
        // Refused (shed) or not handed over: no client knows this id, and no one would ever finish it.
        await opts.store.deleteRecord(taskId).catch(() => {});
        throw err;
      }
      return { task_id: taskId, status: null };
    },
    async status(taskId) {
      const rec = await record(taskId);
      return { task_id: taskId, status: rec.state === "SUCCESS" ? "SUCCESS" : "PENDING" };
    },
    async file(taskId) {
      const rec = await record(taskId);
      if (rec.state !== "SUCCESS") throw notFound(taskId);
      const headers = { "content-disposition": `attachment; filename="${rec.filename}"` };
      // A store holding the zip in pieces (Redis) streams it: the server never holds a whole bundle.
      const { openFile } = opts.store;
      if (openFile) {
        const open = () => openFile.call(opts.store, taskId, rec.chunks);
        return new FileStream(open, rec.bytes, "application/octet-stream", headers);
      }
      const bytes = await stored("read", () => opts.store.getFile(taskId, rec.chunks));
      if (!bytes) throw notFound(taskId);
      return new FileBody(new Uint8Array(bytes), "application/octet-stream", headers);
    },
  };
}

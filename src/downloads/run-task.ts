import { AppError } from "../errors.ts";
import { buildBundle } from "./bundle.ts";
import type { BundleContext } from "./context.ts";
import type { BundleRequest } from "./bundle.ts";

/**
 * Builds a task's zip and stores it with a `SUCCESS` record; a failure is stored as the task's
 * outcome (what polls then answer). Only a store that cannot be written makes this reject (the
 * queue then retries the delivery).
 */
export async function runBundleTask<C extends BundleContext<C>>(
  ctx: C,
  taskId: string,
  req: BundleRequest,
): Promise<void> {
  const { store, ttlSeconds } = ctx.downloads;
  const createdAt = req.requested_at;
  try {
    const bytes = await buildBundle(ctx, ctx.downloads.files, req);
    const chunks = await store.putFile(taskId, bytes, ttlSeconds);
    const filename = `atlas-download-${taskId}.zip`;
    await store.putRecord(
      taskId,
      { state: "SUCCESS", createdAt, filename, bytes: bytes.byteLength, chunks },
      ttlSeconds,
    );
  } catch (err) {
    ctx.logger.warn(`atlas download ${taskId} failed: ${err instanceof Error ? err.message : String(err)}`);
    const failure =
      err instanceof AppError
        ? { status: err.status, body: err.body }
        : { status: 500, body: { detail: err instanceof Error ? err.message : String(err) } };
    await store.putRecord(taskId, { state: "FAILURE", createdAt, ...failure }, ttlSeconds);
  }
}

import { parentPort, workerData } from "node:worker_threads";
import { setPriority } from "node:os";
import { parseEnv } from "./env.ts";
import { composeServices } from "./compose.ts";
import { loadConfigDir } from "./config/load-dir.ts";
import { parseRemapRules } from "./lib/remote.ts";
import { AppError } from "./errors.ts";
import { FileBody } from "./lib/file-body.ts";
import { RawJson } from "./lib/raw-json.ts";
import { JOBS } from "../jobs/index.ts";
import type { PoolReply, PoolRequest } from "./transport/pool.ts";

/**
 * Entry of a job thread (src/transport/pool.ts): the same composition as role `all` (no pool, no
 * warm-up), its own configuration copy; answers one PoolRequest per message.
 */
export type ThreadData = { env: Record<string, string | undefined>; configDir: string; vocabDir: string };

// Linux nice values are per thread (pid 0 = this thread): on a busy machine the scheduler then
// prefers the event loop that answers critical routes over this thread's expensive jobs.
try {
  setPriority(0, 19);
} catch {
  // not permitted or not supported: the pool still keeps jobs off the event loop
}

const data = workerData as ThreadData;
const env = parseEnv({ ...data.env, SIIBRA_API_ROLE: "all", SIIBRA_API_POOL_THREADS: "0", SIIBRA_API_WARMUP: "off" });
const files = await loadConfigDir(data.configDir, data.vocabDir);
const services = composeServices({ env, files, remap: parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS) });

parentPort?.on("message", async ({ id, name, payload }: PoolRequest) => {
  const post = (reply: PoolReply, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(reply, transfer);
  const job = JOBS.get(name);
  if (!job) return post({ id, status: 500, error: { detail: "Some error occurred", error: `no job ${name}` } });
  try {
    const value = await services.jobs.run(job, payload as never);
    if (value instanceof FileBody) {
      const bytes = value.bytes.slice();
      return post({ id, file: bytes, contentType: value.contentType, headers: { ...value.headers } }, [
        bytes.buffer as ArrayBuffer,
      ]);
    }
    post({ id, json: value instanceof RawJson ? value.text : JSON.stringify(value) });
  } catch (err) {
    if (err instanceof AppError) return post({ id, status: err.status, error: err.body });
    post({ id, status: 500, error: { detail: "Some error occurred", error: String((err as Error)?.message ?? err) } });
  }
});

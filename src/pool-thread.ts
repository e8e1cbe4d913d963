import { parentPort, workerData } from "node:worker_threads";
import { setPriority } from "node:os";
import { parseEnv } from "./env.ts";
import { composeContext, memoryOf } from "./compose.ts";
import { localTransport } from "./compose-jobs.ts";
import { loadConfigDir } from "./config/load-dir.ts";
import { parseRemapRules } from "./lib/remote.ts";
import { AppError } from "./errors.ts";
import { FileBody } from "./lib/file-body.ts";
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
// The process's budget, as the main thread divided it (its thread count included).
const parent = parseEnv(data.env);
const memory = memoryOf(parent, parent.SIIBRA_API_POOL_THREADS, true);
const env = parseEnv({ ...data.env, SIIBRA_API_ROLE: "all", SIIBRA_API_POOL_THREADS: "0", SIIBRA_API_WARMUP: "off" });
const files = await loadConfigDir(data.configDir, data.vocabDir);
// A transport only: the main thread's pipeline keeps the answers (src/transport/pool.ts).
const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
const transport = localTransport(env, composeContext({ env, files, remap }, memory));

parentPort?.on("message", async ({ id, name, payload }: PoolRequest) => {
  const post = (reply: PoolReply, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(reply, transfer);
  const job = JOBS.get(name);
  if (!job) return post({ id, status: 500, error: { detail: "Some error occurred", error: `no job ${name}` } });
  try {
    const answer = await transport.execute(job, payload, "");
    if (answer instanceof FileBody) {
      const bytes = answer.bytes.slice();
      const file = { id, file: bytes, contentType: answer.contentType, headers: { ...answer.headers } };
      return post({ ...file, partial: answer.partial }, [bytes.buffer as ArrayBuffer]);
    }
    post({ id, json: answer.text, partial: answer.partial });
  } catch (err) {
    if (err instanceof AppError) return post({ id, status: err.status, error: err.body });
    post({ id, status: 500, error: { detail: "Some error occurred", error: String((err as Error)?.message ?? err) } });
  }
});

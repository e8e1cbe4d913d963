import type { JobContext } from "./context.ts";
import type { JobResults } from "./results.ts";
import type { JobMetrics } from "../src/metrics/types.ts";

export type WorkerDeps = {
  signingKeys: { current: string; next: string };
  results: JobResults;
  ctx: JobContext;
  /** QStash retries per message (what the server publishes with): the last attempt stores failures. */
  retries: number;
  resultTtlSeconds: number;
  /** Fault injection (`SIIBRA_API_WORKER_DELAY_MS`): lets tests kill a worker in the middle of a job. */
  delayMs?: number;
  metrics?: JobMetrics;
};

import type { Job } from "../../jobs/job.ts";
import type { Answer } from "./answer.ts";

/**
 * Where a job runs: in this process, on a job thread, or on a worker through QStash. A transport only
 * carries a parsed payload there and the answer back; what is kept, and for how long, is the
 * pipeline's business (src/transport/pipeline.ts).
 */
export type Transport<A extends Answer = Answer> = {
  /** `key` names the job's answer in the keep layer (the QStash transport waits for it there). */
  execute(job: Job, parsed: unknown, key: string): Promise<A>;
  /** Starts a job without waiting for it (a worker's transport hands it over; default: run here in the background). */
  launch?(job: Job, parsed: unknown, key: string): Promise<void>;
  /** The far end keeps the answer itself (a worker stores it in Redis): the pipeline must not store it again. */
  readonly keepsAnswers?: boolean;
};

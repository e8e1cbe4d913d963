/** What the transports report about jobs (kept narrow so jobs/ does not depend on the registry). */
export type JobMetrics = {
  /** A finished job as seen by its runner: `ok`, `error` (an error outcome), `fallback` (ran inline). */
  job(queue: string, outcome: string, ms: number): void;
  /** Time a message spent between publication and the start of its run on a worker. */
  queueWait(queue: string, ms: number): void;
};

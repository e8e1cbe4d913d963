import type { Transport } from "./transport.ts";
import type { Answer } from "./answer.ts";
import type { Queue } from "../../jobs/queues.ts";

export type Faults = {
  /** CPU burnt before each job of a queue (`SIIBRA_API_JOB_CPU_MS`): benchmarks model heavier jobs. */
  cpuMs?: Partial<Record<Queue, number>>;
  /** Wait before each job (`SIIBRA_API_WORKER_DELAY_MS`): lets tests stop a worker in the middle of one. */
  delayMs?: number;
};

/** Keeps the thread busy, as a CPU-heavy job would. */
function burnCpu(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/**
 * Benchmark and test faults around a transport. Composed in only when a fault is configured, so the
 * production path never passes through it.
 */
export function withFaults<A extends Answer>(inner: Transport<A>, faults: Faults): Transport<A> {
  const active = (faults.delayMs ?? 0) > 0 || Object.values(faults.cpuMs ?? {}).some((ms) => (ms ?? 0) > 0);
  if (!active) return inner;
  return {
    ...inner,
    async execute(job, parsed, key) {
      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      const ms = faults.cpuMs?.[job.queue] ?? 0;
      if (ms > 0) burnCpu(ms);
      return inner.execute(job, parsed, key);
    },
  };
}

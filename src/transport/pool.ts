import { Worker } from "node:worker_threads";
import { AppError } from "../errors.ts";
import { FileBody } from "../lib/file-body.ts";
import { RawJson } from "../lib/raw-json.ts";
import type { Transport } from "./transport.ts";
import type { HeldAnswer } from "./answer.ts";
import type { Queue } from "../../jobs/queues.ts";
import type { Logger } from "../lib/logger.ts";

/** A job sent to a thread, and what comes back (bytes transferred, never re-serialized). */
export type PoolRequest = { id: number; name: string; payload: unknown };
export type PoolReply =
  | { id: number; json: string; partial: boolean }
  | {
      id: number;
      file: Uint8Array<ArrayBuffer>;
      contentType: string;
      headers: Record<string, string>;
      partial: boolean;
    }
  | { id: number; status: number; error: Record<string, unknown> };

export type PoolOptions = {
  /** Module run by each thread (it builds its own job context and answers PoolRequests). */
  threadUrl: URL;
  /** Passed to each thread as `workerData`. */
  threadData: unknown;
  threads: number;
  /** Queues whose (non-immutable) jobs run on the pool; the rest run on `inline`. */
  queues: ReadonlySet<Queue>;
  /** Jobs of one queue running on the pool at once (per-queue bound; the rest wait in order). */
  perQueue: Partial<Record<Queue, number>>;
  inline: Transport<HeldAnswer>;
  logger: Logger;
};

export type PoolStats = { threads: number; running: Partial<Record<Queue, number>>; broken: boolean };

type Pending = {
  resolve: (answer: HeldAnswer) => void;
  reject: (e: unknown) => void;
  slot: Slot;
  inline: () => Promise<HeldAnswer>;
};
type Slot = { worker: Worker; busy: number };

/**
 * Role `all`: CPU-heavy jobs run on a small pool of threads so the event loop that answers the
 * critical routes never runs them. A transport only: the pipeline in the main thread keeps answers.
 * Threads start on first use (each holds its own copy of the configuration); a thread that fails to
 * start or dies sends its jobs back inline, so the pool is an optimisation, never a dependency.
 */
export function poolTransport(opts: PoolOptions): Transport<HeldAnswer> & { stats(): PoolStats } {
  const slots: Slot[] = [];
  const pending = new Map<number, Pending>();
  const running = new Map<Queue, number>();
  const waiting = new Map<Queue, (() => void)[]>();
  let nextId = 1;
  let broken = false;

  function spawn(): Slot {
    const worker = new Worker(opts.threadUrl, { workerData: opts.threadData });
    const slot: Slot = { worker, busy: 0 };
    worker.on("message", (reply: PoolReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      slot.busy--;
      if ("json" in reply) p.resolve(new RawJson(reply.json, reply.partial));
      else if ("file" in reply) p.resolve(new FileBody(reply.file, reply.contentType, reply.headers, reply.partial));
      else p.reject(new AppError(reply.status, reply.error));
    });
    const fail = (why: string) => {
      if (!broken) opts.logger.error(`job thread failed (${why}): its jobs and the following ones run inline`);
      broken = true;
      // Every thread that fails hands its own jobs back, not only the first one.
      for (const [id, p] of pending) {
        if (p.slot !== slot) continue;
        pending.delete(id);
        p.inline().then(p.resolve, p.reject);
      }
    };
    worker.on("error", (err) => fail(err instanceof Error ? err.message : String(err)));
    worker.on("exit", (code) => fail(`exit ${code}`));
    worker.unref();
    return slot;
  }

  /** The least busy thread, starting one while fewer than `threads` exist. */
  function pick(): Slot {
    const idle = slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (slots.length < opts.threads) {
      const slot = spawn();
      slots.push(slot);
      return slot;
    }
    return slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  async function admit(queue: Queue): Promise<() => void> {
    const cap = opts.perQueue[queue] ?? 1;
    if ((running.get(queue) ?? 0) >= cap) {
      await new Promise<void>((resolve) => {
        const list = waiting.get(queue) ?? [];
        list.push(resolve);
        waiting.set(queue, list);
      });
    }
    running.set(queue, (running.get(queue) ?? 0) + 1);
    return () => {
      running.set(queue, (running.get(queue) ?? 1) - 1);
      waiting.get(queue)?.shift()?.();
    };
  }

  return {
    stats: () => ({ threads: slots.length, running: Object.fromEntries(running), broken }),
    async execute(job, parsed, key) {
      if (broken || opts.threads <= 0 || job.immutable || !opts.queues.has(job.queue)) {
        return opts.inline.execute(job, parsed, key);
      }
      const release = await admit(job.queue);
      try {
        // A thread may have failed while this job waited for its queue's turn.
        if (broken) return await opts.inline.execute(job, parsed, key);
        const slot = pick();
        const id = nextId++;
        slot.busy++;
        const inline = () => opts.inline.execute(job, parsed, key);
        const result = new Promise<HeldAnswer>((resolve, reject) => pending.set(id, { resolve, reject, slot, inline }));
        slot.worker.postMessage({ id, name: job.name, payload: parsed } satisfies PoolRequest);
        return await result;
      } finally {
        release();
      }
    },
  };
}

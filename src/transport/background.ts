import { ShedError } from "../errors.ts";

export type BackgroundOptions = {
  /** Tasks running at once; the rest wait in order. */
  concurrency: number;
  /** Tasks waiting beyond this are refused with 503 + Retry-After (background work is the lightest class). */
  maxWaiting: number;
  /** A task that failed: nobody waits on it, so it is reported here. */
  onError(err: unknown): void;
};

export type Background = { push(task: () => Promise<unknown>): void };

/** Work started by a request and finished after its answer (atlas bundles), bounded in this process. */
export function backgroundQueue(opts: BackgroundOptions): Background {
  const waiting: (() => Promise<unknown>)[] = [];
  let active = 0;
  const pump = () => {
    while (active < Math.max(1, opts.concurrency) && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<unknown>;
      active++;
      task()
        .catch(opts.onError)
        .finally(() => {
          active--;
          pump();
        });
    }
  };
  return {
    push(task) {
      // A free slot takes the task at once; only tasks that would wait count against the bound.
      if (active >= Math.max(1, opts.concurrency) && waiting.length >= opts.maxWaiting) {
        throw new ShedError("compounds", 10);
      }
      waiting.push(task);
      pump();
    },
  };
}

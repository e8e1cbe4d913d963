import { ShedError } from "../errors.ts";
import type { BundleRequest } from "./bundle.ts";
import type { BundleLauncher } from "./tasks.ts";

type Run = (taskId: string, req: BundleRequest) => Promise<void>;

/**
 * Role `all` (and the server's fallback when the queue is unreachable): tasks run in this process in
 * the background, at most `concurrency` at a time, the rest waiting in order.
 */
export function localLauncher(
  run: Run,
  concurrency: number,
  onError: (err: unknown) => void,
  /** Tasks waiting beyond this are refused (503 + Retry-After): bundles are the lightest class. */
  maxWaiting = Number.POSITIVE_INFINITY,
): BundleLauncher {
  const waiting: [string, BundleRequest][] = [];
  let active = 0;
  const pump = () => {
    while (active < Math.max(1, concurrency) && waiting.length > 0) {
      const [taskId, req] = waiting.shift() as [string, BundleRequest];
      active++;
      run(taskId, req)
        .catch(onError)
        .finally(() => {
          active--;
          pump();
        });
    }
  };
  return {
    async launch(taskId, req) {
      if (waiting.length >= maxWaiting) throw new ShedError("compounds", 10);
      waiting.push([taskId, req]);
      pump();
    },
  };
}

import type { BundleRequest } from "./bundle.ts";
import type { BundleLauncher } from "./tasks.ts";

type Run = (taskId: string, req: BundleRequest) => Promise<void>;

/**
 * Role `all` (and the server's fallback when the queue is unreachable): tasks run in this process in
 * the background, at most `concurrency` at a time, the rest waiting in order.
 */
export function localLauncher(run: Run, concurrency: number, onError: (err: unknown) => void): BundleLauncher {
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
      waiting.push([taskId, req]);
      pump();
    },
  };
}

import { setPriority } from "node:os";
import { parseEnv } from "./env.ts";
import { createApp } from "./app.ts";
import { composeServices } from "./compose.ts";
import { resolveConfigDirs } from "./config/resolve.ts";
import { loadConfigDir } from "./config/load-dir.ts";
import { warmUp } from "./http/ops/warm-up.ts";
import type { ThreadData } from "./pool-thread.ts";
import { createDownloadFetcher } from "./config/download.ts";
import { parseRemapRules } from "./lib/remote.ts";
import { Drain, drainWithin } from "./http/ops/graceful.ts";

/** Bun entry: parse the environment once, load the configuration, serve. */
async function main() {
  const env = parseEnv(process.env);
  if (env.SIIBRA_API_ROLE === "worker") lowerPriority(env.SIIBRA_API_WORKER_NICE);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const { configDir, vocabDir } = await resolveConfigDirs(env, createDownloadFetcher(remap));
  const files = await loadConfigDir(configDir, vocabDir);
  // The data fetcher (allow-list, budgets, caps) is built in the composition root from the configuration.
  const threadData: ThreadData = { env: process.env, configDir, vocabDir };
  const pool = { threadUrl: new URL("./pool-thread.ts", import.meta.url), threadData };
  const services = composeServices({ env, files, remap, pool });
  const app = createApp(services);
  const drain = new Drain();
  const server = Bun.serve({ hostname: env.HOST, port: env.PORT, fetch: drain.wrap(app.fetch), idleTimeout: 120 });
  // SIGTERM (rolling restarts, scale-down): stop listening, let requests in flight finish within the grace
  // period, answer job deliveries still running 503 (QStash retries them elsewhere), then exit 0.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info(
      `${signal}: draining ${drain.inFlight} request(s), at most ${env.SIIBRA_API_SHUTDOWN_GRACE_MS} ms`,
    );
    const clean = await drainWithin(drain, server.stop(false), env.SIIBRA_API_SHUTDOWN_GRACE_MS);
    if (!clean) {
      // Let the 503 answers go out before the remaining connections are closed.
      await Bun.sleep(50);
      await server.stop(true);
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // An IPv6 address (HOST=::1) is bracketed in a URL.
  const host = server.hostname?.includes(":") ? `[${server.hostname}]` : server.hostname;
  services.logger.info(`siibra-edge listening on http://${host}:${server.port} (configuration: ${configDir})`);
  // Role all builds the first visitor's answers in the background, once listening (role server would
  // only publish jobs: its workers build their state on their first deliveries).
  // It starts once the first request is answered (a readiness probe, a visitor's /atlases) or after
  // WARM_UP_DELAY_MS, so that first answer never queues behind a region tree being built.
  if (env.SIIBRA_API_WARMUP && services.role === "all") {
    void firstAnswerOrDelay(drain).then(() =>
      warmUp((path, init) => app.request(path, init), services.store, services.logger, { traffic: drain }),
    );
  }
}

const WARM_UP_DELAY_MS = 250;

async function firstAnswerOrDelay(drain: Drain): Promise<void> {
  const started = performance.now();
  while (drain.answered === 0 && performance.now() - started < WARM_UP_DELAY_MS) await Bun.sleep(2);
}

/** Linux nice values are per thread (pid 0 = this one, the JS thread that runs the jobs). */
function lowerPriority(nice: number): void {
  try {
    setPriority(0, nice);
  } catch {
    // not permitted or not supported: the worker runs at its inherited priority
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

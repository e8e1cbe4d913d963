import { parseEnv } from "./env.ts";
import { createApp } from "./app.ts";
import { composeServices } from "./compose.ts";
import { resolveConfigDirs } from "./config/resolve.ts";
import { loadConfigDir } from "./config/load-dir.ts";
import { warmUp } from "./http/warm-up.ts";
import { createRemoteFetcher, parseRemapRules } from "./lib/remote.ts";

/** Bun entry: parse the environment once, load the configuration, serve. */
async function main() {
  const env = parseEnv(process.env);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const fetcher = createRemoteFetcher({ remap });
  const { configDir, vocabDir } = await resolveConfigDirs(env, fetcher);
  const files = await loadConfigDir(configDir, vocabDir);
  const services = composeServices({ env, files, fetcher, remap });
  const app = createApp(services);
  const server = Bun.serve({ port: env.PORT, fetch: app.fetch, idleTimeout: 120 });
  services.logger.info(
    `siibra-edge listening on http://${server.hostname}:${server.port} (configuration: ${configDir})`,
  );
  // Roles that answer clients build the first visitor's answers in the background, once listening.
  if (env.SIIBRA_API_WARMUP && services.role !== "worker") {
    void warmUp((path, init) => app.request(path, init), services.store, services.logger);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

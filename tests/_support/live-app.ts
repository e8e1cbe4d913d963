/**
 * An in-process app whose outbound requests go to local fixture hosts: `SIIBRA_API_REMAP_PROVIDERS`
 * rules (parsed by the real env parser) map the configuration's hosts to 127.0.0.1 origins; the
 * fetcher is the composition root's (allow-list, budget, size cap).
 */
import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { parseEnv } from "../../src/env.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { configFiles, OFFLINE_KG } from "./app.ts";
import type { DatasetResolver } from "../../src/datasets/types.ts";

export async function remappedApp(rules: [from: string, to: string][], opts: { datasets?: DatasetResolver } = {}) {
  const env = parseEnv({
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
    SIIBRA_API_REMAP_PROVIDERS: rules.map(([a, b]) => `${a}::${b}`).join("\n"),
    // A short budget keeps the slow-host tests short; the failure memory would hide later faults.
    SIIBRA_API_REMOTE_TIMEOUT_MS: "4000",
    SIIBRA_API_REMOTE_FAILURE_TTL_MS: "0",
  });
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({
    env,
    files: await configFiles(),
    remap,
    datasets: opts.datasets ?? createIdsOnlyDatasetService(),
    kg: OFFLINE_KG,
  });
  return { app: createApp(services), services };
}

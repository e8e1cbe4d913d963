/**
 * The app under fuzz: the real configuration and the real hardened data fetcher (allow-list, caps), with
 * every outbound request answered at once by a recorder standing in for the network (hosts are
 * unreachable here). The recorder replaces the global `fetch` before anything is built, so a request
 * that bypassed the data fetcher would be recorded too.
 */
import { createApp } from "../../src/app.ts";
import type { App } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { parseEnv } from "../../src/env.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { serviceAllowList } from "../../src/config/remote-hosts.ts";
import type { HostAllowList } from "../../src/lib/host-allow-list.ts";
import { OFFLINE_KG, configFiles } from "../_support/app.ts";

export type FuzzApp = { app: App; outbound: URL[]; allowList: HostAllowList; restore: () => void };

export async function fuzzApp(): Promise<FuzzApp> {
  const outbound: URL[] = [];
  const original = globalThis.fetch;
  const recorder = async (input: RequestInfo | URL): Promise<Response> => {
    outbound.push(new URL(input instanceof Request ? input.url : String(input)));
    throw new TypeError("connect ECONNREFUSED (fuzz: no network)");
  };
  globalThis.fetch = Object.assign(recorder, { preconnect: original.preconnect }) as typeof fetch;
  const env = parseEnv({
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_WARMUP: "off",
    // Without failure memory every outbound URL reaches the recorder.
    SIIBRA_API_REMOTE_FAILURE_TTL_MS: "0",
  });
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const files = await configFiles();
  const services = composeServices({ env, files, remap, datasets: createIdsOnlyDatasetService(), kg: OFFLINE_KG });
  return {
    app: createApp(services),
    outbound,
    allowList: serviceAllowList(files, remap, []),
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

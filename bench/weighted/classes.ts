import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { resolveConfigDirs } from "../../src/config/resolve.ts";
import { loadConfigDir } from "../../src/config/load-dir.ts";
import { createDownloadFetcher } from "../../src/config/download.ts";
import { parseEnv } from "../../src/env.ts";
import { RouteTable } from "../../src/http/request/route-table.ts";
import type { ClassName } from "../../src/http/admission/classes.ts";

/**
 * The criticality class of a request target (path and query) as the service classes it: the policy of
 * the matched route in the app's own route table, so the benchmark groups requests as admission does.
 * The routes need an app, and an app its services: one is built here on the configuration the server uses.
 */
export async function routeClasses(): Promise<(target: string) => ClassName> {
  const env = parseEnv({
    SIIBRA_USE_CONFIGURATION: process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations",
    SIIBRA_USE_VOCABULARIES: process.env.SIIBRA_USE_VOCABULARIES,
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_CACHE: "none",
  });
  const { configDir, vocabDir } = await resolveConfigDirs(env, createDownloadFetcher([]));
  const routes = new RouteTable();
  createApp(composeServices({ env, files: await loadConfigDir(configDir, vocabDir), remap: [] }), routes);
  return (target) => routes.resolve(new Request(`http://bench${target}`)).policy.lane;
}

import { AtlasStore } from "./atlas/store.ts";
import { createDatasetService } from "./datasets/index.ts";
import { KgStore } from "./datasets/kg-store.ts";
import { inlineRunner } from "../jobs/runner.ts";
import { consoleLogger } from "./logger.ts";
import type { ConfigFiles } from "./config/files.ts";
import type { Env } from "./env.ts";
import type { RemoteFetcher, RemapRules } from "./lib/remote.ts";
import type { DatasetResolver, JobContext, Services } from "./services.ts";
import type { KgDocuments } from "./atlas/related.ts";

export type ComposeInputs = {
  env: Env;
  files: ConfigFiles;
  fetcher: RemoteFetcher;
  remap: RemapRules;
  /** Override the knowledge-graph resolver (tests use the ids-only one). */
  datasets?: DatasetResolver;
  kg?: KgDocuments;
};

/** The composition root: picks every implementation once, from the parsed environment. */
export function composeServices(inputs: ComposeInputs): Services {
  const { env, files, fetcher, remap } = inputs;
  const ctx: JobContext = {
    store: new AtlasStore(files),
    datasets: inputs.datasets ?? createDatasetService({ fetcher, timeoutMs: env.SIIBRA_API_KG_TIMEOUT_MS }),
    kg: inputs.kg ?? new KgStore({ fetcher, timeoutMs: env.SIIBRA_API_KG_TIMEOUT_MS }),
    remap,
    logger: consoleLogger(env.SIIBRA_API_LOG),
  };
  return { ...ctx, version: env.SIIBRA_API_VERSION, jobs: inlineRunner(ctx) };
}

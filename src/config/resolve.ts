import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { defaultCacheDir, ensureConfiguration } from "./download.ts";
import type { RemoteFetcher } from "../lib/remote.ts";

/** The variables this step reads (a slice of the parsed environment). */
export type ConfigEnv = {
  SIIBRA_USE_CONFIGURATION?: string;
  SIIBRA_USE_VOCABULARIES?: string;
  SIIBRA_CACHEDIR?: string;
  XDG_CACHE_HOME?: string;
  HOME?: string;
};

/**
 * Where the configuration and vocabularies come from: `SIIBRA_USE_CONFIGURATION` (upstream's
 * variable) and `SIIBRA_USE_VOCABULARIES`, else a `siibra-vocabularies` folder beside the
 * configuration, else the pinned upstream release downloaded once into the cache directory.
 */
export async function resolveConfigDirs(
  env: ConfigEnv,
  fetcher: RemoteFetcher,
): Promise<{ configDir: string; vocabDir: string }> {
  const configDir = env.SIIBRA_USE_CONFIGURATION ? resolve(env.SIIBRA_USE_CONFIGURATION) : null;
  let vocabDir = env.SIIBRA_USE_VOCABULARIES ? resolve(env.SIIBRA_USE_VOCABULARIES) : null;
  if (configDir && !existsSync(join(configDir, "atlases"))) {
    throw new Error(`SIIBRA_USE_CONFIGURATION=${configDir} is not a siibra configuration (no atlases/ folder)`);
  }
  if (configDir && !vocabDir) {
    const sibling = join(dirname(configDir), "siibra-vocabularies");
    if (existsSync(join(sibling, "gene_names.json"))) vocabDir = sibling;
  }
  if (configDir && vocabDir) return { configDir, vocabDir };
  const cacheDir = defaultCacheDir({
    siibraCacheDir: env.SIIBRA_CACHEDIR,
    xdgCacheHome: env.XDG_CACHE_HOME,
    home: env.HOME,
  });
  const downloaded = await ensureConfiguration({ cacheDir, fetcher });
  return { configDir: configDir ?? downloaded.configDir, vocabDir: vocabDir ?? downloaded.vocabDir };
}

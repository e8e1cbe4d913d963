/**
 * Without SIIBRA_USE_CONFIGURATION the service runs on the pinned upstream configuration, downloaded
 * once into a cache directory and reused on later starts (Bun only: uses node:fs).
 *
 * Each tree is built in a temporary sibling directory and renamed into place, so the final directory
 * exists only when complete: a crash mid-download leaves at most a `.tmp-*` directory, never a
 * half-extracted tree that a later start would mistake for a good one.
 */
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzip } from "../lib/gunzip.ts";
import { buildAllowList } from "../lib/host-allow-list.ts";
import { createRemoteFetcher, RemoteUnavailableError } from "../lib/remote.ts";
import type { RemapRules, RemoteFetcher } from "../lib/remote.ts";
import { readTar } from "./tar-reader.ts";

/** siibra-configurations, branch v04_EOL, pinned. */
export const CONFIG_COMMIT = "c71ea4660ae7df8594196e17e1f79eaba68605a3";
const CONFIG_REPO = "https://github.com/FZJ-INM1-BDA/siibra-configurations";
export const CONFIG_ARCHIVE_URL = `${CONFIG_REPO}/archive/${CONFIG_COMMIT}.tar.gz`;
export const VOCABULARY_TAG = "v0.4a106";
export const VOCABULARY_FILES = ["gene_names.json", "receptor_symbols.json", "region_aliases.json"] as const;
export const vocabularyUrl = (file: string): string =>
  `https://raw.githubusercontent.com/FZJ-INM1-BDA/siibra-python/${VOCABULARY_TAG}/siibra/vocabularies/${file}`;

/** Downloads are large compared with API calls; allow them more than the fetcher's default. */
const DOWNLOAD_TIMEOUT_MS = 300_000;
/** The archive is ~10 MB packed; generous caps that still stop a runaway or a gzip bomb. */
const DOWNLOAD_MAX_BYTES = 256 * 1024 * 1024;
const EXTRACTED_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The start-up download runs before the configuration exists, so it cannot use the data fetcher's
 * allow-list (built from the configuration). It gets its own fetcher limited to the pinned GitHub hosts:
 * github.com answers the archive with a redirect to codeload.github.com; the vocabularies are on
 * raw.githubusercontent.com. Remaps apply as everywhere (offline mirrors, tests).
 */
export function createDownloadFetcher(remap: RemapRules): RemoteFetcher {
  return createRemoteFetcher({
    remap,
    allow: buildAllowList({ hosts: ["github.com", "codeload.github.com", "raw.githubusercontent.com"], remap }),
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    maxBytes: DOWNLOAD_MAX_BYTES,
    // One attempt per start: nothing to remember between requests.
    failureTtlMs: 0,
  });
}

export type CacheDirInputs = { siibraCacheDir?: string; xdgCacheHome?: string; home?: string };

/** SIIBRA_CACHEDIR, else $XDG_CACHE_HOME/siibra-edge, else ~/.cache/siibra-edge (values passed in). */
export function defaultCacheDir(env: CacheDirInputs): string {
  if (env.siibraCacheDir) return env.siibraCacheDir;
  if (env.xdgCacheHome) return join(env.xdgCacheHome, "siibra-edge");
  return join(env.home || ".", ".cache", "siibra-edge");
}

export type EnsureConfigurationOptions = { cacheDir: string; fetcher: RemoteFetcher };

export async function ensureConfiguration(
  opts: EnsureConfigurationOptions,
): Promise<{ configDir: string; vocabDir: string }> {
  const configDir = join(opts.cacheDir, `siibra-configurations-${CONFIG_COMMIT}`);
  const vocabDir = join(opts.cacheDir, `siibra-vocabularies-${VOCABULARY_TAG}`);
  await mkdir(opts.cacheDir, { recursive: true });
  await buildOnce(configDir, CONFIG_ARCHIVE_URL, async (tmp) => {
    const gz = await download(opts.fetcher, CONFIG_ARCHIVE_URL);
    await step(CONFIG_ARCHIVE_URL, "cannot extract the archive", () => extract(gz, CONFIG_ARCHIVE_URL, tmp));
  });
  await buildOnce(vocabDir, vocabularyUrl(VOCABULARY_FILES[0]), async (tmp) => {
    const files = await Promise.all(VOCABULARY_FILES.map((f) => download(opts.fetcher, vocabularyUrl(f))));
    await Promise.all(VOCABULARY_FILES.map((f, i) => writeFile(join(tmp, f), files[i])));
  });
  return { configDir, vocabDir };
}

/** Runs `fill` into a fresh temp dir and renames it to `finalDir`, unless `finalDir` already exists. */
async function buildOnce(finalDir: string, url: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  if (await isDir(finalDir)) return;
  const tmp = join(dirname(finalDir), `.tmp-${crypto.randomUUID()}`);
  try {
    await mkdir(tmp, { recursive: true });
    await fill(tmp);
    await rename(tmp, finalDir).catch(async (err: unknown) => {
      if (!(await isDir(finalDir))) throw err; // someone else finished first: theirs is as good as ours
    });
  } catch (err) {
    throw err instanceof ConfigDownloadError
      ? err
      : new ConfigDownloadError(url, `cannot write to ${dirname(finalDir)}: ${message(err)}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Writes the archive's files below `root`, dropping GitHub's `<repo>-<commit>/` top directory. */
async function extract(gz: Uint8Array<ArrayBuffer>, url: string, root: string): Promise<void> {
  const tar = await gunzip(gz, { url, maxBytes: EXTRACTED_MAX_BYTES, what: "the configuration archive" });
  let files = 0;
  for (const entry of readTar(tar)) {
    const parts = entry.path.split("/").filter((p) => p !== "" && p !== ".");
    if (parts.includes("..") || entry.path.startsWith("/")) throw new Error(`unsafe path ${entry.path}`);
    const rel = parts.slice(1);
    if (rel.length === 0) continue;
    const target = join(root, ...rel);
    if (entry.type === "dir") {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, entry.data);
      files++;
    }
  }
  if (files === 0) throw new Error("the archive contains no files");
}

async function download(fetcher: RemoteFetcher, url: string): Promise<Uint8Array<ArrayBuffer>> {
  return step(url, "download failed", () => fetcher.bytes(url, { timeoutMs: DOWNLOAD_TIMEOUT_MS }));
}

async function step<T>(url: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // The fetcher's error already names the URL (and its remapped target); keep the line short.
    if (err instanceof RemoteUnavailableError) throw new ConfigDownloadError(err.url, `${what}: ${err.reason}`);
    throw new ConfigDownloadError(url, `${what}: ${message(err)}`);
  }
}

/** One line, naming the URL and the way out (a local configuration). */
class ConfigDownloadError extends Error {
  constructor(url: string, reason: string) {
    super(
      `Cannot obtain the siibra configuration from ${url} (${reason}); ` +
        "set SIIBRA_USE_CONFIGURATION to a local siibra-configurations directory to run without downloading",
    );
  }
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, " ");
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

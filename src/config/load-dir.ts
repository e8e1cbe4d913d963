import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { byPath, CONFIG_FOLDERS, TERMINOLOGY_FILE, VOCABULARY_FILES } from "./files.ts";
import type { ConfigFiles, Vocabularies } from "./files.ts";

type Reader = (path: string) => string;

/** Reads JSON files and folds their bytes into one digest (keyed by path, so read order does not matter). */
function digestingReader(roots: string[]): { read: Reader; digest: () => string } {
  const parts = new Map<string, string>();
  // Keys relative to their root: the same data in another checkout has the same version. Resolved
  // first: `join` normalizes `a/../b` in read paths, so an unnormalized root would never be a prefix.
  const resolvedRoots = roots.map((root) => resolve(root));
  const keyOf = (path: string) =>
    resolvedRoots.reduce((p, root) => (p.startsWith(root) ? p.slice(root.length) : p), resolve(path));
  return {
    // Synchronous reads and Bun's one-shot hashes: at start-up nothing else waits on the thread, and
    // 750 concurrent promise reads plus a node:crypto stream per file cost about twice as much (and
    // loading node:crypto alone ~30 ms of cold start).
    read: (path) => {
      const text = readFileSync(path, "utf8");
      parts.set(keyOf(path), Bun.CryptoHasher.hash("sha1", text, "hex"));
      return text;
    },
    digest: () => {
      const all = new Bun.CryptoHasher("sha1");
      for (const key of [...parts.keys()].sort()) all.update(`${key}:${parts.get(key)}\n`);
      return all.digest("hex").slice(0, 16);
    },
  };
}

/**
 * `[path, document]` with the document parsed on first read. Start-up needs the atlases, spaces and
 * parcellations only; maps (3.7 MB on v04_EOL) and feature documents are parsed when the map registry
 * and the feature registry are first built (the warm-up after listening, in role `all`), ~40 ms less
 * of cold start. A malformed document then fails the first request that needs it, not the start.
 */
function lazyEntry(path: string, source: string): [string, unknown] {
  let text = source;
  const entry: [string, unknown] = [path, undefined];
  let doc: unknown;
  let parsed = false;
  Object.defineProperty(entry, 1, {
    enumerable: true,
    get() {
      if (!parsed) {
        doc = JSON.parse(text);
        parsed = true;
        text = ""; // the document replaces its text
      }
      return doc;
    },
  });
  return entry;
}

/** Reads the configuration folders (non-recursively, `*.json` only) and the vocabularies. */
export async function loadConfigDir(configDir: string, vocabDir: string): Promise<ConfigFiles> {
  const { read, digest } = digestingReader([configDir, vocabDir]);
  const readJson = (path: string): unknown => JSON.parse(read(path));
  const files: [string, unknown][] = [];
  for (const folder of CONFIG_FOLDERS) {
    // siibra skips feature folders a configuration does not have; the concept folders are required.
    if (folder.startsWith("features/") && !existsSync(join(configDir, folder))) continue;
    const entries = readdirSync(join(configDir, folder), { withFileTypes: true });
    // The list is sorted below and the digest sorts its keys, so read order does not matter.
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith(".json")) continue;
      const rel = `${folder}/${e.name}`;
      files.push(lazyEntry(rel, read(join(configDir, rel))));
    }
  }
  files.sort(byPath);
  // The genes vocabulary (1.6 MB) is parsed when first read (only the gene routes do; ~30–50 ms of
  // cold start otherwise), as the Workers entry does; its bytes are in the digest all the same.
  const genesText = read(join(vocabDir, VOCABULARY_FILES.genes));
  let genes: Vocabularies["genes"] | undefined;
  const vocabularies: Vocabularies = {
    receptorSymbols: readJson(join(vocabDir, VOCABULARY_FILES.receptorSymbols)) as Vocabularies["receptorSymbols"],
    regionAliases: readJson(join(vocabDir, VOCABULARY_FILES.regionAliases)) as Vocabularies["regionAliases"],
    get genes() {
      genes ??= JSON.parse(genesText) as Vocabularies["genes"];
      return genes;
    },
  };
  const terminologyPath = join(configDir, TERMINOLOGY_FILE);
  const terminology = existsSync(terminologyPath) ? (readJson(terminologyPath) as unknown[]) : [];
  return { files, vocabularies, terminology, version: digest() };
}

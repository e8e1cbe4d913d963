import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { byPath, CONFIG_FOLDERS, TERMINOLOGY_FILE, VOCABULARY_FILES } from "./files.ts";
import type { ConfigFiles, Vocabularies } from "./files.ts";

type Reader = (path: string) => Promise<unknown>;

/** Reads JSON files and folds their bytes into one digest (keyed by path, so read order does not matter). */
function digestingReader(roots: string[]): { read: Reader; digest: () => string } {
  const parts = new Map<string, string>();
  // Keys relative to their root: the same data in another checkout has the same version. Resolved
  // first: `join` normalizes `a/../b` in read paths, so an unnormalized root would never be a prefix.
  const resolvedRoots = roots.map((root) => resolve(root));
  const keyOf = (path: string) =>
    resolvedRoots.reduce((p, root) => (p.startsWith(root) ? p.slice(root.length) : p), resolve(path));
  return {
    read: async (path) => {
      const text = await readFile(path, "utf8");
      parts.set(keyOf(path), createHash("sha1").update(text).digest("hex"));
      return JSON.parse(text);
    },
    digest: () => {
      const all = createHash("sha1");
      for (const key of [...parts.keys()].sort()) all.update(`${key}:${parts.get(key)}\n`);
      return all.digest("hex").slice(0, 16);
    },
  };
}

/** Reads the configuration folders (non-recursively, `*.json` only) and the vocabularies. */
export async function loadConfigDir(configDir: string, vocabDir: string): Promise<ConfigFiles> {
  const { read: readJson, digest } = digestingReader([configDir, vocabDir]);
  const files: [string, unknown][] = [];
  await Promise.all(
    CONFIG_FOLDERS.map(async (folder) => {
      // siibra skips feature folders a configuration does not have; the concept folders are required.
      if (folder.startsWith("features/") && !existsSync(join(configDir, folder))) return;
      const entries = await readdir(join(configDir, folder), { withFileTypes: true });
      // Read concurrently (start-up time); the list is sorted below and the digest sorts its keys.
      const names = entries.filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => `${folder}/${e.name}`);
      const read = await Promise.all(names.map(async (rel) => [rel, await readJson(join(configDir, rel))] as const));
      for (const entry of read) files.push([entry[0], entry[1]]);
    }),
  );
  files.sort(byPath);
  const vocabularies = Object.fromEntries(
    await Promise.all(Object.entries(VOCABULARY_FILES).map(async ([k, f]) => [k, await readJson(join(vocabDir, f))])),
  ) as Vocabularies;
  const terminologyPath = join(configDir, TERMINOLOGY_FILE);
  const terminology = existsSync(terminologyPath) ? ((await readJson(terminologyPath)) as unknown[]) : [];
  return { files, vocabularies, terminology, version: digest() };
}

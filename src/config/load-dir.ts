import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { byPath, CONFIG_FOLDERS, TERMINOLOGY_FILE, VOCABULARY_FILES } from "./files.ts";
import type { ConfigFiles, Vocabularies } from "./files.ts";

async function readJson(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, "utf8"));
}

/** Reads the configuration folders (non-recursively, `*.json` only) and the vocabularies. */
export async function loadConfigDir(configDir: string, vocabDir: string): Promise<ConfigFiles> {
  const files: [string, unknown][] = [];
  await Promise.all(
    CONFIG_FOLDERS.map(async (folder) => {
      const entries = await readdir(join(configDir, folder), { withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile() || !entry.name.endsWith(".json")) continue;
        const rel = `${folder}/${entry.name}`;
        files.push([rel, await readJson(join(configDir, rel))]);
      }
    }),
  );
  files.sort(byPath);
  const vocabularies = Object.fromEntries(
    await Promise.all(
      Object.entries(VOCABULARY_FILES).map(async ([k, f]) => [k, await readJson(join(vocabDir, f))]),
    ),
  ) as Vocabularies;
  const terminologyPath = join(configDir, TERMINOLOGY_FILE);
  const terminology = existsSync(terminologyPath) ? ((await readJson(terminologyPath)) as unknown[]) : [];
  return { files, vocabularies, terminology };
}

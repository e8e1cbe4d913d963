/**
 * Makes sure build/worker-config.js (bundled by `wrangler dev`) matches the configuration the test
 * compares against, rebuilding when it is missing, built from elsewhere, or older than its inputs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFIG_FOLDERS, VOCABULARY_FILES } from "../../src/config/files.ts";
import { OUT_JS, OUT_META, ROOT } from "../../scripts/build-worker-config.ts";
import type { WorkerConfigMeta } from "../../scripts/build-worker-config.ts";

function newestInput(configDir: string, vocabDir: string): number {
  const paths = [
    join(ROOT, "scripts/build-worker-config.ts"),
    join(ROOT, "src/config/load-dir.ts"),
    join(ROOT, "src/config/files.ts"),
    ...Object.values(VOCABULARY_FILES).map((f) => join(vocabDir, f)),
    // Top-level documents (e.g. the terminology) may be bundled too.
    ...readdirSync(configDir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => join(configDir, f)),
  ];
  for (const folder of CONFIG_FOLDERS) {
    const dir = join(configDir, folder);
    paths.push(dir, ...readdirSync(dir).map((f) => join(dir, f)));
  }
  return Math.max(...paths.map((p) => statSync(p).mtimeMs));
}

function isFresh(configDir: string, vocabDir: string): boolean {
  if (!existsSync(OUT_JS) || !existsSync(OUT_META)) return false;
  const meta = JSON.parse(readFileSync(OUT_META, "utf8")) as WorkerConfigMeta;
  if (meta.configDir !== configDir || meta.vocabDir !== vocabDir) return false;
  return statSync(OUT_JS).mtimeMs >= newestInput(configDir, vocabDir);
}

/** Runs `bun run build:worker` for these directories unless the module is already up to date. */
export async function ensureWorkerBuild(configDir: string, vocabDir: string): Promise<"fresh" | "rebuilt"> {
  const config = resolve(configDir);
  const vocab = resolve(vocabDir);
  if (isFresh(config, vocab)) return "fresh";
  const proc = Bun.spawn([process.execPath, "scripts/build-worker-config.ts"], {
    cwd: ROOT,
    env: { ...process.env, SIIBRA_USE_CONFIGURATION: config, SIIBRA_USE_VOCABULARIES: vocab },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  if (code !== 0) throw new Error(`build:worker failed (${code}):\n${out}${err}`);
  return "rebuilt";
}

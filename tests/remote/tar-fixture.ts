/** Builds small tar(.gz) archives with the system `tar`, laid out like GitHub's archive tarballs. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { CONFIG_DIR } from "../_support/app.ts";

export const SHARED_CONFIG = CONFIG_DIR;

/** Configuration files copied into the fixture archive (relative to the configuration root). */
export const SAMPLE_FILES = [
  "atlases/human.json",
  "atlases/rat.json",
  "spaces/icbm_152_2009c_nonl_asym.json",
  "parcellations/julichbrain_v3_1.json",
];

/** A nested file whose path is longer than ustar's 100-byte name field. */
export const LONG_PATH = `features/${"deeply-nested-directory/".repeat(5)}${"x".repeat(60)}.json`;
export const LONG_CONTENT = '{"long": "name"}\n';

const created: string[] = [];

export function tmpDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `siibra-edge-${label}-`));
  created.push(dir);
  return dir;
}

/** Removes every directory made by `tmpDir` (call from afterAll). */
export function removeTmpDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `<top>/…` (sample files + the long-named file) under a fresh dir, returns that dir. */
export function stageTree(top: string): string {
  const stage = tmpDir("stage");
  for (const rel of SAMPLE_FILES) {
    mkdirSync(dirname(join(stage, top, rel)), { recursive: true });
    cpSync(join(SHARED_CONFIG, rel), join(stage, top, rel));
  }
  mkdirSync(dirname(join(stage, top, LONG_PATH)), { recursive: true });
  writeFileSync(join(stage, top, LONG_PATH), LONG_CONTENT);
  return stage;
}

/** `tar` of `<stage>/<top>` in the given format; gzip-compressed when `gzip` is set. */
export function makeTar(
  stage: string,
  top: string,
  format: "pax" | "gnu" | "ustar",
  gzip: boolean,
): Uint8Array<ArrayBuffer> {
  const out = join(tmpDir("tar"), gzip ? "a.tar.gz" : "a.tar");
  const args = ["tar", `--format=${format}`, gzip ? "-czf" : "-cf", out, "-C", stage, top];
  const proc = Bun.spawnSync(args);
  if (proc.exitCode !== 0) throw new Error(`tar failed: ${proc.stderr.toString()}`);
  return new Uint8Array(readFileSync(out));
}

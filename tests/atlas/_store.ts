/**
 * Test fixture: the real atlas store built from the shared v04_EOL configuration, loaded once per
 * test process, plus a reader for the golden files (which belong in tests only).
 */
import { readFileSync } from "node:fs";
import { AtlasStore } from "../../src/atlas/store.ts";
import { configFiles, GOLDEN_DIR } from "../_support/app.ts";
import type { Parcellation } from "../../src/atlas/model.ts";

let store: Promise<AtlasStore> | undefined;

export function loadStore(): Promise<AtlasStore> {
  store ??= configFiles().then((files) => new AtlasStore(files));
  return store;
}

export function golden<T>(name: string): T {
  return JSON.parse(readFileSync(`${GOLDEN_DIR}/${name}`, "utf8")) as T;
}

export function parcellationById(store: AtlasStore, id: string): Parcellation {
  const hit = store.parcellations.find((p) => p.id === id);
  if (!hit) throw new Error(`fixture: no parcellation ${id}`);
  return hit;
}

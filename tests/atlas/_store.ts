/**
 * Test fixture: the real registries built from the shared v04_EOL configuration, loaded once per
 * test process, plus readers for the golden files (which belong in tests only).
 */
import { readFileSync } from "node:fs";
import { loadConfigDir } from "../../src/config/load-dir.ts";
import { buildRegistries } from "../../src/atlas/build.ts";
import type { AtlasRegistries } from "../../src/atlas/build.ts";
import type { Parcellation } from "../../src/atlas/model.ts";

const SHARED = "/work/shared";

let registries: Promise<AtlasRegistries> | undefined;

export function loadRegistries(): Promise<AtlasRegistries> {
  registries ??= loadConfigDir(`${SHARED}/siibra-configurations`, `${SHARED}/siibra-vocabularies`).then(
    buildRegistries,
  );
  return registries;
}

export function golden<T>(name: string): T {
  return JSON.parse(readFileSync(`${SHARED}/golden/${name}`, "utf8")) as T;
}

export function parcellationById(reg: AtlasRegistries, id: string): Parcellation {
  const hit = reg.parcellations.find((p) => p.id === id);
  if (!hit) throw new Error(`fixture: no parcellation ${id}`);
  return hit;
}

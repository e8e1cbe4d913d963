/**
 * The in-process reference for the e2e tests: the same configuration and variables as the process
 * under test. Both get the knowledge-graph hosts remapped to a closed local port, so their lookups
 * fail at once and fall back to the same ids-only models, answers with datasets marked partial on
 * both sides; they are then equal without network access.
 */
import { createApp } from "../../src/app.ts";
import type { App } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { parseEnv } from "../../src/env.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { configFiles } from "./app.ts";

/**
 * Variables for both sides. Only the KG document prefixes are remapped (the data-proxy bucket also
 * hosts served map files, which must keep their URLs); the in-process side applies the same rules.
 */
export function offlineVars(closedPort: number): Record<string, string> {
  const dead = `http://127.0.0.1:${closedPort}/`;
  return {
    SIIBRA_API_VERSION: "0.3.35-e2e",
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_KG_TIMEOUT_MS: "2000",
    SIIBRA_API_REMAP_PROVIDERS: [
      `https://data-proxy.ebrains.eu/api/v1/buckets/reference-atlas-data/ebrainsquery/::${dead}`,
      `https://jugit.fz-juelich.de/api/v4/projects/7846/::${dead}`,
    ].join("\n"),
  };
}

export async function offlineApp(vars: Record<string, string>): Promise<App> {
  const env = parseEnv(vars);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({
    env,
    files: await configFiles(),
    remap,
  });
  return createApp(services);
}

/** What the e2e tests compare of a response. */
export type WireSnapshot = {
  status: number;
  headers: Record<string, string | null>;
  /** The body as text for readable diffs, plus its size and hash so byte-equality is checked too. */
  body: string;
  bytes: number;
  sha256: string;
};

export const COMPARED_HEADERS = [
  "content-type",
  "x-siibra-api-version",
  "access-control-allow-origin",
  // HTTP caching: same class, same key-derived ETag in every runtime.
  "etag",
  "cache-control",
  "vary",
] as const;

export async function snapshot(res: Response): Promise<WireSnapshot> {
  const raw = new Uint8Array(await res.arrayBuffer());
  return {
    status: res.status,
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])),
    body: new TextDecoder().decode(raw),
    bytes: raw.byteLength,
    sha256: new Bun.CryptoHasher("sha256").update(raw).digest("hex"),
  };
}

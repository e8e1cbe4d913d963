/**
 * Answers built around a failed source heal in the server-worker shape too (real processes: server,
 * two workers, the local QStash scheduler, Redis behind its REST bridge). Workers build the answers
 * and keep them in Redis, the server keeps responses in Redis: while the knowledge graph and the mesh
 * host are down, neither may keep a degraded answer past the failure memory.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR, testApp } from "../_support/app.ts";
import { NEUROGLANCER, VERSION_IDENTIFIER, datasetTitle, startKgHost } from "../_support/kg-host.ts";
import type { Stack } from "../../dev/stack/stack.ts";

const q = encodeURIComponent;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
/** Julich-Brain 3.1's `ebrains` block in the configuration. */
const JBA31_DSV = "f1fe19e8-99bd-44bc-9616-a52850680777";
const JBA31_DS = "5a16d948-8d1c-400c-b797-8a7ad29944b2";
const JBA31_PATH = `/v3_0/parcellations/${q(JBA31)}`;
const PATHS = [
  "/v3_0/parcellations",
  JBA31_PATH,
  "/v3_0/spaces",
  `/v3_0/regions/${q("Area PGa (IPL)")}/related?parcellation_id=${q(JBA29)}`,
];

const FAILURE_MEMORY_MS = 300;
/**
 * Past the failure memory with a margin. Redis expiries are whole seconds, so the workers keep a
 * partial answer for at least one second (src/transport/keep-redis.ts).
 */
const AFTER_FAILURE_MEMORY_MS = Math.max(FAILURE_MEMORY_MS, 1000) + 300;

const kg = startKgHost({ up: false });
const ng = startKgHost({ up: false });
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_REMAP_PROVIDERS: `${kg.remap()}\n${ng.remap(NEUROGLANCER)}`,
  SIIBRA_API_KG_FAILURE_TTL_MS: String(FAILURE_MEMORY_MS),
  SIIBRA_API_REMOTE_FAILURE_TTL_MS: String(FAILURE_MEMORY_MS),
  SIIBRA_API_KG_TIMEOUT_MS: "1000",
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ workers: 2, env: ENV });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  kg.stop();
  ng.stop();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(stack.serverUrl + path, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const jobsRun = async (workerUrl: string) => {
  const metrics = await (await fetch(`${workerUrl}/metrics`)).text();
  return [...metrics.matchAll(/^siibra_jobs_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
};

type Parcellation = { datasets: { "@id": string; name: string }[] };
const datasetNames = (text: string) => (JSON.parse(text) as Parcellation).datasets.map((d) => [d["@id"], d.name]);

describe("role server with two workers, the knowledge graph and mesh host down, then back", () => {
  test("degraded answers are sent no-store and kept nowhere; the first after the failure memory is full", async () => {
    for (const path of PATHS) {
      for (let i = 0; i < 2; i++) {
        const res = await get(path);
        const seen = {
          path,
          status: res.status,
          cacheControl: res.headers.get("cache-control"),
          etag: res.headers.get("etag"),
          hit: res.headers.get("x-fastapi-cache"),
        };
        expect(seen).toEqual({ path, status: 200, cacheControl: "no-store", etag: null, hit: null });
        if (path === JBA31_PATH)
          expect(datasetNames(res.text)).toEqual([
            [JBA31_DSV, ""],
            [JBA31_DS, ""],
          ]);
      }
    }

    kg.up();
    ng.up();
    // What a service that never saw the outage answers (role all, in this process, same remaps).
    const { app: fresh } = await testApp({
      datasets: "remote",
      kg: "remote",
      meshes: "remote",
      env: { ...ENV, SIIBRA_API_CACHE: "none" },
    });
    const want = new Map<string, string>();
    for (const path of PATHS) want.set(path, await (await fresh.request(path)).text());
    expect(datasetNames(want.get(JBA31_PATH) as string)).toEqual([
      [JBA31_DSV, `${datasetTitle(JBA31_DSV)} (${VERSION_IDENTIFIER})`],
      [JBA31_DS, datasetTitle(JBA31_DS)],
    ]);
    await Bun.sleep(AFTER_FAILURE_MEMORY_MS);

    for (const path of PATHS) {
      const healed = await get(path);
      expect({ path, status: healed.status, hit: healed.headers.get("x-fastapi-cache") }).toEqual({
        path,
        status: 200,
        hit: null,
      });
      expect(healed.text).toBe(want.get(path) as string);
      expect(healed.headers.get("cache-control") ?? "").toStartWith("public");
      const etag = healed.headers.get("etag");
      expect(etag).not.toBeNull();
      const repeat = await get(path);
      expect(repeat.headers.get("x-fastapi-cache")).toBe("hit");
      expect(repeat.text).toBe(healed.text);
      expect((await get(path, { "if-none-match": etag as string })).status).toBe(304);
    }
    // The answers were built by the workers, not by the server's fallback.
    const ran = await Promise.all(stack.workerUrls.map(jobsRun));
    expect(ran[0] + ran[1]).toBeGreaterThanOrEqual(PATHS.length * 2);
  }, 30_000);
});

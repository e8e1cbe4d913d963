/**
 * Answers built around a failed source heal, through the whole app (role `all`, every response cache):
 * while the knowledge graph and the mesh host are down, answers are served ids-only / without mesh
 * fragments and marked so that nothing keeps them past the failure memory (no-store, no ETag, no
 * response-cache entry, no replay); once the hosts are back, the first request after the failure
 * memory gets the full answer, which is then cached like any other.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { testApp } from "../_support/app.ts";
import { NEUROGLANCER, VERSION_IDENTIFIER, datasetTitle, meshFragmentNames, startKgHost } from "../_support/kg-host.ts";
import { REDIS_URL, TOKEN, startBridgeFixture } from "../cache/redis-fixture.ts";
import type { BridgeFixture } from "../cache/redis-fixture.ts";

const q = encodeURIComponent;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
/** Julich-Brain 3.1's `ebrains` block in the configuration. */
const JBA31_DSV = "f1fe19e8-99bd-44bc-9616-a52850680777";
const JBA31_DS = "5a16d948-8d1c-400c-b797-8a7ad29944b2";
const MNI152_MESH_LABEL = "65535";

const PARCELLATIONS = "/v3_0/parcellations";
const JBA31_PATH = `/v3_0/parcellations/${q(JBA31)}`;
const SPACES = "/v3_0/spaces";
/** Homologies come from the knowledge graph (ParcellationEntity documents). */
const RELATED = `/v3_0/regions/${q("Area PGa (IPL)")}/related?parcellation_id=${q(JBA29)}`;
const PATHS = [PARCELLATIONS, JBA31_PATH, SPACES, RELATED];

const FAILURE_MEMORY_MS = 300;
/** Past the failure memory (answers kept, documents and hosts remembered as failed), with a margin. */
const afterFailureMemory = () => Bun.sleep(FAILURE_MEMORY_MS + 200);

type Dataset = { "@id": string; name: string };
type Parcellation = { "@id": string; datasets: Dataset[] };
type Volume = { fragments: Record<string, string[]>; providedVolumes: Record<string, unknown> };
type Space = { "@id": string; datasets: Dataset[]; defaultImage: Volume[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The knowledge-graph datasets of an answer (named publications have md5 ids and are not looked up). */
const kgDatasets = (datasets: Dataset[]) => datasets.filter((d) => UUID.test(d["@id"]));
/** What the service names a generated document: a Dataset by its title, a DatasetVersion also by version. */
const fullNames = (uuid: string) => [datasetTitle(uuid), `${datasetTitle(uuid)} (${VERSION_IDENTIFIER})`];
const surfaceMesh = (space: Space) =>
  space.defaultImage.find((v) => "neuroglancer/precompmesh/surface" in v.providedVolumes) as Volume;

const kg = startKgHost({ up: false });
const ng = startKgHost({ up: false });
let bridge: BridgeFixture;
beforeAll(() => {
  bridge = startBridgeFixture("partial-heal");
});
afterAll(async () => {
  kg.stop();
  ng.stop();
  await bridge.cleanup();
});

type Cache = "none" | "memory" | "redis";

function envOf(cache: Cache): Record<string, string> {
  return {
    SIIBRA_API_CACHE: cache,
    SIIBRA_API_REMAP_PROVIDERS: `${kg.remap()}\n${ng.remap(NEUROGLANCER)}`,
    SIIBRA_API_KG_FAILURE_TTL_MS: String(FAILURE_MEMORY_MS),
    SIIBRA_API_REMOTE_FAILURE_TTL_MS: String(FAILURE_MEMORY_MS),
    SIIBRA_API_KG_TIMEOUT_MS: "1000",
    ...(cache === "redis" ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: TOKEN } : {}),
  };
}

/** The service as deployed: its own dataset, knowledge-graph and mesh readers, through the remaps. */
const appWith = (cache: Cache) => testApp({ datasets: "remote", kg: "remote", meshes: "remote", env: envOf(cache) });

type App = Awaited<ReturnType<typeof appWith>>["app"];

async function get(app: App, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Response-cache entries of an app's data version: none may survive a run (the key space is per remap). */
async function clearResponseCache(dataVersion: string): Promise<void> {
  const redis = new RedisClient(REDIS_URL);
  try {
    const keys = (await redis.send("KEYS", [`siibra-edge:${dataVersion}:*`])) as string[];
    if (keys.length > 0) await redis.send("DEL", keys);
  } finally {
    redis.close();
  }
}

/** The answers of an app that never saw an outage (the hosts must be up). */
async function freshAnswers(): Promise<Map<string, string>> {
  const { app } = await appWith("none");
  const out = new Map<string, string>();
  for (const path of PATHS) {
    const res = await get(app, path);
    expect(res.status).toBe(200);
    out.set(path, res.text);
  }
  return out;
}

function expectPartial(res: Awaited<ReturnType<typeof get>>, path = "") {
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  expect({ path, "cache-control": res.headers.get("cache-control") }).toEqual({ path, "cache-control": "no-store" });
  // No validator: a client can never revalidate (and be told 304 about) a partial answer.
  expect(res.headers.get("etag")).toBeNull();
  expect(res.headers.get("x-fastapi-cache")).toBeNull();
}

function expectDegradedBodies(answers: Map<string, string>) {
  const jba31 = JSON.parse(answers.get(JBA31_PATH) as string) as Parcellation;
  expect(jba31.datasets.map((d) => [d["@id"], d.name])).toEqual([
    [JBA31_DSV, ""],
    [JBA31_DS, ""],
  ]);
  const list = JSON.parse(answers.get(PARCELLATIONS) as string) as { items: Parcellation[] };
  const named = list.items.flatMap((p) => kgDatasets(p.datasets));
  expect(named.length).toBeGreaterThan(10);
  for (const d of named) expect(d.name).toBe("");
  const spaces = JSON.parse(answers.get(SPACES) as string) as { items: Space[] };
  const mni = spaces.items.find((s) => s["@id"] === MNI152) as Space;
  expect(surfaceMesh(mni).fragments).toEqual({});
}

function expectFullBodies(answers: Map<string, string>) {
  const jba31 = JSON.parse(answers.get(JBA31_PATH) as string) as Parcellation;
  expect(jba31.datasets.map((d) => [d["@id"], d.name])).toEqual([
    [JBA31_DSV, `${datasetTitle(JBA31_DSV)} (${VERSION_IDENTIFIER})`],
    [JBA31_DS, datasetTitle(JBA31_DS)],
  ]);
  const list = JSON.parse(answers.get(PARCELLATIONS) as string) as { items: Parcellation[] };
  for (const d of list.items.flatMap((p) => kgDatasets(p.datasets))) expect(fullNames(d["@id"])).toContain(d.name);
  const spaces = JSON.parse(answers.get(SPACES) as string) as { items: Space[] };
  const mni = spaces.items.find((s) => s["@id"] === MNI152) as Space;
  expect(surfaceMesh(mni).fragments).toEqual({ mesh: meshFragmentNames(MNI152_MESH_LABEL) });
}

describe.each(["none", "memory", "redis"] as const)("role all, SIIBRA_API_CACHE=%s", (cache) => {
  test("answers built while the sources were down are not kept; the first after the failure memory is full", async () => {
    kg.down();
    ng.down();
    const { app, services } = await appWith(cache);
    await clearResponseCache(services.dataVersion);
    try {
      const degraded = new Map<string, string>();
      for (const path of PATHS) {
        const first = await get(app, path);
        expectPartial(first, path);
        // A repeat inside the failure memory is the kept partial answer: still not stored anywhere.
        const repeat = await get(app, path);
        expectPartial(repeat, path);
        expect(repeat.text).toBe(first.text);
        degraded.set(path, first.text);
      }
      expectDegradedBodies(degraded);

      kg.up();
      ng.up();
      const fresh = await freshAnswers();
      expectFullBodies(fresh);
      await afterFailureMemory();

      for (const path of PATHS) {
        const healed = await get(app, path);
        expect({ path, status: healed.status }).toEqual({ path, status: 200 });
        expect(healed.text).toBe(fresh.get(path) as string);
        expect(healed.headers.get("cache-control") ?? "").toStartWith("public");
        const etag = healed.headers.get("etag");
        expect(etag).not.toBeNull();
        expect(healed.headers.get("x-fastapi-cache")).toBeNull();

        const repeat = await get(app, path);
        expect(repeat.text).toBe(healed.text);
        expect(repeat.headers.get("etag")).toBe(etag);
        // Role all without a response cache replays immutable answers in its own lane, without the header.
        if (cache !== "none") expect(repeat.headers.get("x-fastapi-cache")).toBe("hit");
        const conditional = await get(app, path, { "if-none-match": etag as string });
        expect(conditional.status).toBe(304);
      }
    } finally {
      await clearResponseCache(services.dataVersion);
    }
  });
});

describe("each failed source on its own", () => {
  test("a knowledge graph answering 503 degrades and heals like one refusing connections", async () => {
    kg.down("unavailable");
    ng.up();
    const { app } = await appWith("memory");
    const degraded = await get(app, JBA31_PATH);
    expectPartial(degraded);
    const datasets = (JSON.parse(degraded.text) as Parcellation).datasets;
    expect(datasets.map((d) => d.name)).toEqual(["", ""]);
    kg.up();
    await afterFailureMemory();
    const healed = await get(app, JBA31_PATH);
    expect(healed.headers.get("cache-control") ?? "").toStartWith("public");
    expect((JSON.parse(healed.text) as Parcellation).datasets.map((d) => d.name)).toEqual([
      `${datasetTitle(JBA31_DSV)} (${VERSION_IDENTIFIER})`,
      datasetTitle(JBA31_DS),
    ]);
    expect((await get(app, JBA31_PATH)).headers.get("x-fastapi-cache")).toBe("hit");
  });

  test("with HTTP caching off the partial answer itself says no-store", async () => {
    kg.down();
    ng.up();
    const { app } = await testApp({ datasets: "remote", env: { ...envOf("memory"), SIIBRA_API_HTTP_CACHE: "off" } });
    const degraded = await get(app, JBA31_PATH);
    expect(degraded.headers.get("cache-control")).toBe("no-store");
    expect(degraded.headers.get("x-fastapi-cache")).toBeNull();
    kg.up();
    await afterFailureMemory();
    const healed = await get(app, JBA31_PATH);
    expect([healed.headers.get("cache-control"), healed.headers.get("etag")]).toEqual([null, null]);
    expect((JSON.parse(healed.text) as Parcellation).datasets.map((d) => d.name)).not.toContain("");
    expect((await get(app, JBA31_PATH)).headers.get("x-fastapi-cache")).toBe("hit");
  });

  test("an unreachable mesh host alone makes /spaces partial, until it is back", async () => {
    kg.up();
    ng.down();
    const { app } = await appWith("memory");
    const degraded = await get(app, SPACES);
    expectPartial(degraded);
    const spaces = (JSON.parse(degraded.text) as { items: Space[] }).items;
    // The knowledge graph answered: the datasets are named, only the mesh fragments are missing.
    for (const d of spaces.flatMap((s) => kgDatasets(s.datasets))) expect(fullNames(d["@id"])).toContain(d.name);
    expect(surfaceMesh(spaces.find((s) => s["@id"] === MNI152) as Space).fragments).toEqual({});
    ng.up();
    await afterFailureMemory();
    const healed = await get(app, SPACES);
    expect(healed.headers.get("cache-control") ?? "").toStartWith("public");
    const mni = (JSON.parse(healed.text) as { items: Space[] }).items.find((s) => s["@id"] === MNI152) as Space;
    expect(surfaceMesh(mni).fragments).toEqual({ mesh: meshFragmentNames(MNI152_MESH_LABEL) });
    expect((await get(app, SPACES)).headers.get("x-fastapi-cache")).toBe("hit");
  });
});

import { afterAll, describe, expect, test } from "bun:test";
import { CONFIG_DIR, getJson, golden, testApp } from "../_support/app.ts";
import { createDatasetService } from "../../src/datasets/index.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { serveFixture, serveHanging } from "../remote/fixture-server.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const DSV = "f1fe19e8-99bd-44bc-9616-a52850680777";
const LAYERS = "juelich/iav/atlas/v1.0.0/3";
const LAYERS_DSV = "13e6ec48-4fec-4e9a-9bcf-45036d3c8ef9";
const DS = "5a16d948-8d1c-400c-b797-8a7ad29944b2";
const KG = "https://kg.ebrains.eu/api/instances/";
const BUCKET = "/api/v1/buckets/reference-atlas-data/ebrainsquery/v3";
const q = encodeURIComponent;
type Dataset = {
  "@id": string;
  name: string;
  description: string | null;
  urls: { url: string }[];
  contributors: { name: string }[];
  ebrains_page: string | null;
};
type Parcellation = {
  "@id": string;
  datasets: Dataset[];
  brainAtlasVersions: { coordinateSpace: { "@id": string }; description: string }[];
  version: { name: string } | null;
};

/** The knowledge-graph proxy, played by a local server; the service reaches it through host remapping. */
const kg = serveFixture({
  [`${BUCKET}/DatasetVersion/${DSV}.json`]: {
    body: JSON.stringify({
      id: `${KG}${DSV}`,
      fullName: "Julich-Brain Atlas, cytoarchitectonic maps",
      versionIdentifier: "v3.1",
      description: "The Julich-Brain Atlas presents cytoarchitectonic maps.",
      doi: [{ identifier: "https://doi.org/10.25493/TEST-JB31" }],
      author: [
        {
          id: `${KG}p-1`,
          type: ["https://openminds.ebrains.eu/core/Person"],
          givenName: "Katrin",
          familyName: "Amunts",
        },
      ],
      custodian: [],
      isVersionOf: [{ id: `${KG}${DS}` }],
    }),
  },
  [`${BUCKET}/DatasetVersion/${LAYERS_DSV}.json`]: {
    body: JSON.stringify({
      id: `${KG}${LAYERS_DSV}`,
      fullName: "BigBrain cortical layers",
      versionIdentifier: "v1",
      description: "Layer segmentation of the BigBrain model.",
      doi: [],
      author: [],
      custodian: [],
      isVersionOf: [],
    }),
  },
});
const hanging = serveHanging();
afterAll(() => {
  kg.stop();
  hanging.stop();
});

const appWith = (origin: string, timeoutMs = 2000) =>
  testApp({
    datasets: createDatasetService(
      new KgStore({
        fetcher: createRemoteFetcher({ remap: [["https://data-proxy.ebrains.eu", origin]] }),
        timeoutMs,
        sources: [(p) => `https://data-proxy.ebrains.eu/api/v1/buckets/reference-atlas-data/${p}`],
      }),
    ),
  });

describe("/v3_0/parcellations", () => {
  test("all 30 in registry order; brainAtlasVersions follow the supported spaces", async () => {
    const { app } = await testApp();
    const want = await golden<{ "@id": string; supported_space_ids_sorted: string[] }[]>("parcellations.json");
    const page = (await getJson(app, "/v3_0/parcellations?size=30")).body as { items: Parcellation[]; total: number };
    expect(page.total).toBe(30);
    expect(page.items.map((p) => p["@id"])).toEqual(want.map((p) => p["@id"]));
    for (const [i, p] of page.items.entries()) {
      expect(p.brainAtlasVersions.map((b) => b.coordinateSpace["@id"]).sort()).toEqual(
        want[i].supported_space_ids_sorted,
      );
    }
  });

  test("dataset metadata comes from the knowledge-graph proxy when it is reachable", async () => {
    const { app } = await appWith(kg.origin);
    const p = (await getJson(app, `/v3_0/parcellations/${q(JBA31)}`)).body as Parcellation;
    expect(p.datasets[0]).toMatchObject({
      "@id": DSV,
      name: "Julich-Brain Atlas, cytoarchitectonic maps (v3.1)",
      description: "The Julich-Brain Atlas presents cytoarchitectonic maps.",
      urls: [{ url: "https://doi.org/10.25493/TEST-JB31" }],
      contributors: [{ name: "Katrin Amunts" }],
      ebrains_page: "https://doi.org/10.25493/TEST-JB31",
    });
    // The Dataset document is missing on the proxy: that one is served with its id only.
    expect(p.datasets[1]).toMatchObject({ "@id": DS, name: "", urls: [] });
  });

  test("an unreachable or hanging proxy never fails the route: ids only, within the time budget", async () => {
    for (const origin of ["http://127.0.0.1:9", hanging.origin]) {
      const { app } = await appWith(origin, 400);
      const started = performance.now();
      const res = await getJson(app, `/v3_0/parcellations/${q(JBA31)}`);
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(3000);
      expect((res.body as Parcellation).datasets.map((d) => [d["@id"], d.name])).toEqual([
        [DSV, ""],
        [DS, ""],
      ]);
    }
  });

  test("brainAtlasVersions description: configured text, else the first named publication's (offline)", async () => {
    const { app } = await testApp();
    type Raw = { "@id": string; description?: string; publications?: { name?: string; description?: string }[] };
    const raw = new Map<string, Raw>();
    for (const file of new Bun.Glob("parcellations/*.json").scanSync(CONFIG_DIR)) {
      const doc = JSON.parse(await Bun.file(`${CONFIG_DIR}/${file}`).text()) as Raw;
      raw.set(doc["@id"], doc);
    }
    const page = (await getJson(app, "/v3_0/parcellations?size=30")).body as { items: Parcellation[] };
    let fromPublication = 0;
    for (const p of page.items) {
      const doc = raw.get(p["@id"]) as Raw;
      const own = doc.description ?? "";
      const pub = (doc.publications ?? []).find((x) => x.name && x.description)?.description ?? "";
      if (!own && pub) fromPublication++;
      for (const bav of p.brainAtlasVersions)
        expect([p["@id"], bav.description]).toEqual([p["@id"], (own || pub).slice(0, 2000)]);
    }
    expect(fromPublication).toBeGreaterThan(0);
    const iso = page.items.find((p) => p["@id"] === "juelich/iav/atlas/v1.0.0/4") as Parcellation;
    expect(iso.brainAtlasVersions[0].description).toStartWith("The BigBrain is a 3D, high-resolution reference tool");
  });

  test("brainAtlasVersions description falls back to the knowledge-graph dataset's when it is reachable", async () => {
    const { app } = await appWith(kg.origin);
    const p = (await getJson(app, `/v3_0/parcellations/${q(LAYERS)}`)).body as Parcellation;
    expect(p.brainAtlasVersions.map((b) => b.description)).toEqual(["Layer segmentation of the BigBrain model."]);
    const offline = await testApp();
    const o = (await getJson(offline.app, `/v3_0/parcellations/${q(LAYERS)}`)).body as Parcellation;
    expect(o.brainAtlasVersions.map((b) => b.description)).toEqual([""]);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { remappedApp } from "../_support/live-app.ts";
import { closedOrigin, serveFixture } from "../remote/fixture-server.ts";
import { createDatasetService, DATA_PROXY_SOURCE } from "../../src/datasets/index.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { BUCKET, DSV2_ID, kgRoutes } from "../remote/kg-fixtures.ts";
import { ALL_PATH, EXPECTED_NAMES, JBA31, NEXUS, regionsSnapshot, uuid } from "../features-live/kg-regions-fixture.ts";
import type { Fixture } from "../remote/fixture-server.ts";

type Item = {
  "@type": string;
  id: string;
  name: string;
  category: string;
  modality: null;
  description: string;
  datasets: { "@id": string }[];
  anchor: unknown;
};
type Page = { items: Item[]; total: number; page: number; size: number; pages: number };

const q = (s: string) => encodeURIComponent(s);
const LIST = `/v3_0/feature/EbrainsDataFeature?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}`;
const lqId = (dsId: string) => `lq0::EbrainsDataFeature::p:${JBA31}::r:Area 44 (IFG) left::${dsId}`;

let host: Fixture;
let snapshot: Awaited<ReturnType<typeof regionsSnapshot>>;

function rules(origin: string): [string, string][] {
  return [
    ["https://data-proxy.ebrains.eu", origin],
    ["https://jugit.fz-juelich.de", origin],
  ];
}

beforeAll(async () => {
  snapshot = await regionsSnapshot(DSV2_ID);
  host = serveFixture(kgRoutes({ [ALL_PATH]: { body: JSON.stringify(snapshot) } }));
});
afterAll(() => host.stop());

describe("GET /v3_0/feature/EbrainsDataFeature", () => {
  test("datasets linked to the region or its ancestors, filtered and version-compacted as siibra", async () => {
    const { app } = await remappedApp(rules(host.origin));
    const res = await app.request(LIST);
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    expect(page.total).toBe(EXPECTED_NAMES.length);
    expect(page.items.map((i) => i.name)).toEqual(EXPECTED_NAMES.map((n) => `Ebrains Dataset: ${n}`));
    const byName = new Map(snapshot.flatMap((r) => r.datasets.map((d) => [d.name, d["@id"]])));
    expect(page.items.map((i) => i.id)).toEqual(EXPECTED_NAMES.map((n) => lqId(byName.get(n) as string)));
    for (const item of page.items) {
      expect(Object.keys(item)).toEqual([
        "@type",
        "id",
        "modality",
        "category",
        "description",
        "name",
        "datasets",
        "anchor",
      ]);
      expect(item["@type"]).toBe("siibra-0.4/feature/ebrains_datafeature");
      expect(item.category).toBe("other");
      expect(item.modality).toBeNull();
      expect(item.anchor).toBeNull();
    }
    const paged = (await (await app.request(`${LIST}&page=2&size=2`)).json()) as Page;
    expect(paged.items.map((i) => i.name)).toEqual(EXPECTED_NAMES.slice(2, 4).map((n) => `Ebrains Dataset: ${n}`));
  });

  test("names and descriptions come from the knowledge graph's DatasetVersion when it answers", async () => {
    const fetcher = createRemoteFetcher({ remap: [["https://data-proxy.ebrains.eu", host.origin]] });
    const datasets = createDatasetService(new KgStore({ fetcher, sources: [DATA_PROXY_SOURCE] }));
    const { app } = await remappedApp(rules(host.origin), { datasets });
    const page = (await (await app.request(LIST)).json()) as Page;
    const kgItem = page.items.find((i) => i.id.endsWith(DSV2_ID));
    expect(kgItem?.name).toBe("Ebrains Dataset: Receptor densities, second version (v2.0)");
    expect(kgItem?.description).toBe("Own description");
    expect(kgItem?.datasets.map((d) => d["@id"])).toEqual([`${NEXUS}${DSV2_ID}`]);
    expect(host.hitsFor(`${BUCKET}/v3/DatasetVersion/${DSV2_ID}.json`)).toBeGreaterThan(0);
  });

  test("an alias is the anchor's region spec", async () => {
    const { app } = await remappedApp(rules(host.origin));
    const res = await app.request(
      `/v3_0/feature/EbrainsDataFeature?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) right")}`,
    );
    const names = ((await res.json()) as Page).items.map((i) => i.name);
    expect(names).toContain("Ebrains Dataset: Right-only dataset");
    expect(names).not.toContain("Ebrains Dataset: Dataset C");
  });

  test("the snapshot is fetched once and kept", async () => {
    const fixture = serveFixture({ [ALL_PATH]: { body: JSON.stringify(snapshot) } });
    try {
      const { app } = await remappedApp(rules(fixture.origin));
      await app.request(LIST);
      await app.request(`${LIST}&page=2`);
      expect(fixture.hitsFor(ALL_PATH)).toBe(1);
    } finally {
      fixture.stop();
    }
  });
});

describe("GET /v3_0/feature/EbrainsDataFeature/{feature_id}", () => {
  test("200 with the single object in detail form (upstream's Page declaration fails); miss → 404", async () => {
    const { app } = await remappedApp(rules(host.origin));
    const id = lqId(`${NEXUS}${uuid(1)}`);
    const res = await app.request(
      `/v3_0/feature/EbrainsDataFeature/${q(id)}?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}`,
    );
    expect(res.status).toBe(200);
    const item = (await res.json()) as Item;
    expect(item.id).toBe(id);
    expect(item.name).toBe("Ebrains Dataset: Dataset A");
    expect((item.anchor as { "@type": string })["@type"]).toBe("siibra-0.4/anchor");
    const miss = await app.request(
      `/v3_0/feature/EbrainsDataFeature/nope?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}`,
    );
    expect(miss.status).toBe(404);
  });
});

describe("knowledge-graph faults", () => {
  test("unreachable → 503 envelope naming host and feature; garbage → 502", async () => {
    const { app: down } = await remappedApp(rules(closedOrigin()));
    const res = await down.request(LIST);
    expect(res.status).toBe(503);
    const message = JSON.parse(((await res.json()) as { message: string }).message) as { detail: string; what: string };
    expect(message.what).toContain("EbrainsDataFeature");
    expect(message.detail).toMatch(/^Cannot reach (data-proxy\.ebrains\.eu|jugit\.fz-juelich\.de) /);

    const garbage = serveFixture({ [ALL_PATH]: { body: "{not json" } });
    try {
      const { app } = await remappedApp([
        ["https://data-proxy.ebrains.eu", garbage.origin],
        ["https://jugit.fz-juelich.de", closedOrigin()],
      ]);
      // The mirror's garbage is tried first; the second source is down: the last failure is reported.
      expect([502, 503]).toContain((await app.request(LIST)).status);
      const { app: only } = await remappedApp([
        ["https://data-proxy.ebrains.eu", garbage.origin],
        ["https://jugit.fz-juelich.de", garbage.origin],
      ]);
      expect((await only.request(LIST)).status).toBe(502);
    } finally {
      garbage.stop();
    }
  });
});

describe("GET /v3_0/feature/{feature_id} of an lq0 EBRAINS data feature", () => {
  test("re-runs the query; the union adds the receptor keys; a foreign dataset is a 400", async () => {
    const { app } = await remappedApp(rules(host.origin));
    const id = lqId(`${NEXUS}${uuid(1)}`);
    const res = await app.request(`/v3_0/feature/${q(id)}`);
    expect(res.status).toBe(200);
    const item = (await res.json()) as Record<string, unknown>;
    expect(item.name).toBe("Ebrains Dataset: Dataset A");
    expect(Object.keys(item).slice(-3)).toEqual(["data", "neurotransmitters", "receptors"]);
    const miss = await app.request(`/v3_0/feature/${q(lqId(`${NEXUS}${uuid(11)}`))}`);
    expect(miss.status).toBe(400);
  });
});

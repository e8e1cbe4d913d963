import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { closedOrigin, serveFixture } from "../remote/fixture-server.ts";
import { configFiles, getJson, golden } from "../_support/app.ts";
import { dataApp } from "../_support/feature-data-host.ts";
import { syntheticRoutes } from "../_support/synthetic-data.ts";
import type { Json } from "../_support/feature-data-host.ts";
import type { Fixture } from "../remote/fixture-server.ts";

/**
 * Golden features (siibra 0.4's ids, names and semantic matches): every preconfigured id answers
 * `/feature/{id}` — 200 with siibra's name when the data host answers, the 503 envelope when it
 * cannot be reached — and `/regions/{id}/features` and the typed lists list siibra's matches.
 */
type GoldenFeature = { class: string; id: string; name: string };
type GoldenQuery = {
  concept: { parcellation: string; region: string };
  matched_semantic: GoldenFeature[];
};

const IMAGE_CLASSES = /VolumeOfInterest|Section/;
const enc = encodeURIComponent;

let subset: GoldenFeature[];
let queries: GoldenQuery[];
let host: Fixture;

beforeAll(async () => {
  subset = (await golden<GoldenFeature[]>("features-subset.json")).filter((f) => !IMAGE_CLASSES.test(f.class));
  queries = await golden<GoldenQuery[]>("feature-queries-subset.json");
  const docs = (await configFiles()).files.filter(([p]) => p.startsWith("features/")).map(([, d]) => d as Json);
  host = serveFixture(syntheticRoutes(docs));
});

afterAll(() => host.stop());

describe("/feature/{id} for the golden subset", () => {
  test("200 with siibra's name when the data host answers", { timeout: 120_000 }, async () => {
    const { app } = await dataApp(host.origin);
    const failures: string[] = [];
    for (const f of subset) {
      const res = await getJson(app, `/v3_0/feature/${enc(f.id)}`);
      const body = res.body as Json;
      if (res.status !== 200 || body.name !== f.name || body.id !== f.id)
        failures.push(`${f.class} ${f.id}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  test("every preconfigured id answers the 503 envelope when the data host is down", { timeout: 120_000 }, async () => {
    const { app, services } = await dataApp(closedOrigin());
    const { featureIndex } = await import("../../src/features/preconfigured/feature-index.ts");
    const ids = [
      ...new Set(
        featureIndex(services.store)
          .all()
          .map((f) => f.id),
      ),
    ];
    expect(ids.length).toBeGreaterThan(400);
    const statuses = new Map<number, number>();
    for (const id of ids) {
      const res = await app.request(`/v3_0/feature/${enc(id)}`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 503) {
        const env = (await res.json()) as { message: string };
        const body = JSON.parse(env.message);
        expect([body.host, body.what]).toEqual(["data-proxy.ebrains.eu", `feature ${id}`]);
      } else await res.text();
    }
    expect([...statuses.entries()]).toEqual([[503, ids.length]]);
  });
});

describe("semantic matches of the golden concepts", () => {
  test("/regions/{id}/features lists every match with siibra's name", { timeout: 30_000 }, async () => {
    const { app } = await dataApp(closedOrigin());
    for (const q of queries) {
      const res = await getJson(
        app,
        `/v3_0/regions/${enc(q.concept.region)}/features?parcellation_id=${enc(q.concept.parcellation)}&size=100`,
      );
      expect(res.status).toBe(200);
      const items = (res.body as { items: Json[] }).items;
      const listed = new Map(items.map((i) => [i.id, i.name]));
      for (const m of q.matched_semantic) expect([m.id, listed.get(m.id)]).toEqual([m.id, m.name]);
      expect(items.length).toBe(q.matched_semantic.length);
    }
  });

  test("the typed lists list the matches of their classes", { timeout: 30_000 }, async () => {
    const { app } = await dataApp(closedOrigin());
    for (const q of queries) {
      const ctx = `parcellation_id=${enc(q.concept.parcellation)}&region_id=${enc(q.concept.region)}`;
      for (const m of q.matched_semantic) {
        // RegionalBOLD is dropped from typed lists by upstream's modality filter.
        if (m.class === "RegionalBOLD") continue;
        const connectivity = ["StreamlineCounts", "StreamlineLengths", "FunctionalConnectivity"].includes(m.class);
        const route = connectivity
          ? "RegionalConnectivity"
          : /Profile$/.test(m.class) && m.class !== "MarmosetCalbindinDensityProfile"
            ? "CorticalProfile"
            : "Tabular";
        const query = connectivity ? `parcellation_id=${enc(q.concept.parcellation)}` : ctx;
        const res = await getJson(app, `/v3_0/feature/${route}?${query}&type=${m.class}&size=100`);
        expect(res.status).toBe(200);
        const items = (res.body as { items: Json[] }).items;
        expect([m.id, items.find((i) => i.id === m.id)?.name]).toEqual([m.id, m.name]);
      }
    }
  });
});

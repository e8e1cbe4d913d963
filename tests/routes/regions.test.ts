import { describe, expect, test } from "bun:test";
import { getJson, golden, testApp } from "../_support/app.ts";

const { app } = await testApp();
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const q = encodeURIComponent;
type Region = {
  "@id": string;
  name: string;
  hasParent: { "@id": string }[] | null;
  hasAnnotation: { bestViewPoint: unknown } | null;
};
type Page = { items: Region[]; total: number; page: number; size: number; pages: number };

describe("/v3_0/regions", () => {
  test("walks the whole tree in pre-order over 16 pages of 50, with golden wire ids", async () => {
    const want = await golden<{ regions: { "@id": string; name: string }[] }>("regions-jba31.json");
    const first = (await getJson(app, `/v3_0/regions?parcellation_id=${q(JBA31)}`)).body as Page;
    expect([first.total, first.size, first.pages]).toEqual([771, 50, 16]);
    const pages = await Promise.all(
      Array.from({ length: 16 }, (_, i) => getJson(app, `/v3_0/regions?parcellation_id=${q(JBA31)}&page=${i + 1}`)),
    );
    const all = pages.flatMap((p) => (p.body as Page).items);
    expect(all.map((r) => [r["@id"], r.name])).toEqual(want.regions.map((r) => [r["@id"], r.name]));
  });

  test("find= matches siibra's parcellation.find (children not filtered, root removed)", async () => {
    const lookups = await golden<{
      queries: {
        parcellation_spec: string;
        region_spec: string;
        regions_find_names: string[];
        find_order_stable_across_hash_seeds: boolean;
      }[];
    }>("region-lookups.json");
    for (const query of lookups.queries.filter(
      (x) => x.parcellation_spec === JBA31 && Array.isArray(x.regions_find_names),
    )) {
      const res = await getJson(app, `/v3_0/regions?parcellation_id=${q(JBA31)}&find=${q(query.region_spec)}&size=100`);
      const names = (res.body as Page).items.map((r) => r.name);
      if (query.find_order_stable_across_hash_seeds) expect(names).toEqual(query.regions_find_names);
      else expect([...names].sort()).toEqual([...query.regions_find_names].sort());
    }
  });

  test("parcellation_id may be a fuzzy spec, as upstream", async () => {
    const res = await getJson(app, `/v3_0/regions?parcellation_id=${q("julich 3.1")}&size=1`);
    expect(res.status).toBe(200);
    expect((res.body as Page).total).toBe(771);
  });
});

describe("/v3_0/regions/{region_id}", () => {
  test("accepts the cleaned name raw, percent-encoded, and the wire @id", async () => {
    const name = "Area hOc1 (V1, 17, CalcS) left";
    const raw = await getJson(app, `/v3_0/regions/${name.replaceAll(" ", "%20")}?parcellation_id=${JBA31}`);
    const encoded = await getJson(app, `/v3_0/regions/${q(name)}?parcellation_id=${q(JBA31)}`);
    const byWire = await getJson(app, `/v3_0/regions/${q((raw.body as Region)["@id"])}?parcellation_id=${q(JBA31)}`);
    expect(raw.status).toBe(200);
    expect(encoded.text).toBe(raw.text);
    expect(byWire.text).toBe(raw.text);
    expect((raw.body as Region)["@id"]).toBe(
      "https://openminds.ebrains.eu/instances/parcellationEntityVersion/1cfa08b990d0d90a5b29454838f9d632",
    );
  });

  test("with a space_id the space is validated; not mapped there → bestViewPoint null (voxel cases: map-volumes.test.ts)", async () => {
    const bigbrain = "minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588";
    const ok = await getJson(
      app,
      `/v3_0/regions/${q("Area 44 (IFG)")}?parcellation_id=${q(JBA31)}&space_id=${q(bigbrain)}`,
    );
    expect(ok.status).toBe(200);
    expect((ok.body as Region).hasAnnotation?.bestViewPoint).toBeNull();
    const bad = await getJson(app, `/v3_0/regions/${q("Area 44 (IFG)")}?parcellation_id=${q(JBA31)}&space_id=nowhere`);
    expect(bad.status).toBe(404);
  });

  test("a spec naming the parcellation itself is a 400 envelope that says so (upstream: a parcellation body)", async () => {
    for (const spec of ["julich", "Julich-Brain Cytoarchitectonic Atlas (v3.1)"]) {
      const res = await getJson(app, `/v3_0/regions/${q(spec)}?parcellation_id=${q(JBA31)}`);
      expect(res.status).toBe(400);
      const envelope = res.body as { error: boolean; status_code: number; message: string };
      expect([envelope.error, envelope.status_code]).toEqual([true, 400]);
      const detail = (JSON.parse(envelope.message) as { detail: string }).detail;
      expect(detail).toContain(`'${spec}'`);
      expect(detail).toContain("names the parcellation 'Julich-Brain Cytoarchitectonic Atlas (v3.1)'");
    }
    // A region of the same parcellation still answers.
    expect((await getJson(app, `/v3_0/regions/${q("hOc1 left")}?parcellation_id=${q(JBA31)}`)).status).toBe(200);
  });

  test("region names with '/' work as multi-segment paths (Allen 'layer 2/3')", async () => {
    const allen = "minds/core/parcellationatlas/v1.0.0/05655b58-3b6f-49db-b285-64b5a0276f83";
    const list = (await getJson(app, `/v3_0/regions?parcellation_id=${q(allen)}&find=${q("2/3")}&size=1`)).body as Page;
    const name = list.items[0].name;
    expect(name).toContain("/");
    const res = await getJson(app, `/v3_0/regions/${name.replaceAll(" ", "%20")}?parcellation_id=${q(allen)}`);
    expect((res.body as Region).name).toBe(name);
  });
});

import { afterAll, describe, expect, test } from "bun:test";
import { getJson, golden, testApp } from "../_support/app.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { serveFixture } from "../remote/fixture-server.ts";

const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
const MEBRAINS = "minds/core/parcellationatlas/v1.0.0/e3235c039c6f54c3ba151568c829f117";
const PGA_ENTITY = "c22c0691-3245-493d-b129-9156a16fc171";
const PG_CAE = "870e6053-c0a4-4aeb-b865-c7fd71940e0f";
const related = (region: string, parc: string) =>
  `/v3_0/regions/${encodeURIComponent(region)}/related?parcellation_id=${encodeURIComponent(parc)}`;

type Item = {
  "@type": string;
  qualification: string;
  query_structure: { name: string; hasAnnotation: unknown };
  assigned_structure: { name: string };
  assigned_structure_parcellation: { name: string; brainAtlasVersions: unknown[] };
};
type Page = { items: Item[]; total: number; size: number };

describe("/v3_0/regions/{region_id}/related", () => {
  test("other versions come from the configuration's terminology, without network", async () => {
    const { app } = await testApp();
    const { status, body } = await getJson(app, related("Area PGa (IPL)", JBA29));
    expect(status).toBe(200);
    const page = body as Page;
    expect(page.total).toBe(6);
    expect(
      page.items.map(
        (i) => `${i.qualification} ${i.assigned_structure.name} @ ${i.assigned_structure_parcellation.name}`,
      ),
    ).toEqual([
      "OTHER_VERSION Area PGa (IPL) @ Julich-Brain Cytoarchitectonic Atlas (v1.18)",
      "OTHER_VERSION Area PGa (IPL) left @ Julich-Brain Cytoarchitectonic Atlas (v1.18)",
      "OTHER_VERSION Area PGa (IPL) right @ Julich-Brain Cytoarchitectonic Atlas (v1.18)",
      "OTHER_VERSION Area PGa (IPL) @ Julich-Brain Cytoarchitectonic Atlas (v3.0.3)",
      "OTHER_VERSION Area PGa (IPL) right @ Julich-Brain Cytoarchitectonic Atlas (v3.0.3)",
      "OTHER_VERSION Area PGa (IPL) left @ Julich-Brain Cytoarchitectonic Atlas (v3.0.3)",
    ]);
    const item = page.items[0];
    expect(Object.keys(item)).toEqual([
      "@type",
      "qualification",
      "query_structure",
      "assigned_structure",
      "assigned_structure_parcellation",
    ]);
    expect(item.query_structure.hasAnnotation).toBeNull();
    expect(item.assigned_structure_parcellation.brainAtlasVersions).toEqual([]);
  });

  test("Julich-Brain 3.1 regions carry no knowledge-graph ids: empty page (golden)", async () => {
    const { app } = await testApp();
    const { body } = await getJson(
      app,
      related("Area 44 (IFG)", "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310"),
    );
    expect(body).toEqual(await golden("wire/region_related__jba31__area44.json"));
  });

  describe("homologies from the knowledge-graph snapshot when it is reachable", () => {
    const homology = {
      qualitativeOverlap: [{ name: "is homologous to" }],
      inRelationTo: [
        {
          id: `https://kg.ebrains.eu/api/instances/${PG_CAE}`,
          type: ["https://openminds.ebrains.eu/sands/CustomAnatomicalEntity"],
        },
      ],
    };
    const kgHost = serveFixture({
      [`/api/v1/buckets/reference-atlas-data/ebrainsquery/v3/ParcellationEntity/${PGA_ENTITY}.json`]: {
        body: JSON.stringify({ id: PGA_ENTITY, hasVersion: [], inRelationTo: [homology] }),
      },
    });
    afterAll(() => kgHost.stop());
    const fetcher = createRemoteFetcher({ remap: [["https://data-proxy.ebrains.eu", kgHost.origin]] });

    test("a PE's inRelationTo assessment yields HOMOLOGOUS regions of other species", async () => {
      const { app } = await testApp({
        kg: new KgStore({
          fetcher,
          timeoutMs: 2000,
          sources: [(p) => `https://data-proxy.ebrains.eu/api/v1/buckets/reference-atlas-data/${p}`],
        }),
      });
      const page = (await getJson(app, related("Area PGa (IPL)", JBA29))).body as Page;
      // PG and its hemispheres all carry the CustomAnatomicalEntity id.
      expect(page.total).toBe(9);
      expect(
        page.items
          .slice(6)
          .map((i) => `${i.qualification} ${i.assigned_structure.name} @ ${i.assigned_structure_parcellation.name}`),
      ).toEqual([
        "HOMOLOGOUS PG @ MEBRAINS population-based monkey parcellation",
        "HOMOLOGOUS PG left @ MEBRAINS population-based monkey parcellation",
        "HOMOLOGOUS PG right @ MEBRAINS population-based monkey parcellation",
      ]);
      expect(
        kgHost.hitsFor(`/api/v1/buckets/reference-atlas-data/ebrainsquery/v3/ParcellationEntity/${PGA_ENTITY}.json`),
      ).toBe(1);
    });

    test("an unreachable knowledge graph leaves homologies out but never fails the route", async () => {
      const closed = createRemoteFetcher({ remap: [["https://data-proxy.ebrains.eu", "http://127.0.0.1:9"]] });
      const { app } = await testApp({ kg: new KgStore({ fetcher: closed, timeoutMs: 500 }) });
      const res = await getJson(app, related("PG", MEBRAINS));
      expect(res.status).toBe(200);
      expect((res.body as Page).total).toBe(0);
    });
  });
});

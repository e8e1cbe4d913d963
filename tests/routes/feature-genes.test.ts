import { afterAll, describe, expect, test } from "bun:test";
import { remappedApp } from "../_support/live-app.ts";
import { createHash } from "node:crypto";
import { gzipSync } from "fflate";
import { niftiMask, serveAllen } from "../features-live/allen-fixture.ts";
import { closedOrigin, serveFixture } from "../remote/fixture-server.ts";

const q = encodeURIComponent;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const base = `/v3_0/feature/GeneExpressions?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}`;

const allen = serveAllen();
afterAll(() => allen.stop());

describe("GET /v3_0/feature/GeneExpressions", () => {
  test("list → detail → /feature/{id}: samples in the region's labelled MNI152 mask (local map and Allen hosts)", async () => {
    // JBA 3.1's left-hemisphere MPM in MNI152, synthetic: label 59 (Area 44 left) at x = 1..3, y = 1, label 7 elsewhere.
    const mapPath =
      "/api/v1/public/buckets/d-f1fe19e8-99bd-44bc-9616-a52850680777/maximum-probability-maps_MPMs_207-areas/JulichBrainAtlas_3.1_207areas_MPM_lh_MNI152.nii.gz";
    const maps = serveFixture({
      [mapPath]: { body: gzipSync(niftiMask((i, j) => (i >= 1 && i <= 3 && j === 1 ? 59 : 7))) },
    });
    try {
      const { app } = await remappedApp([
        ["http://api.brain-map.org", allen.origin],
        ["https://data-proxy.ebrains.eu", maps.origin],
      ]);
      const res = await app.request(`${base}&gene=MAOA`);
      expect({ status: res.status, body: res.status === 200 ? "" : await res.clone().text() }).toEqual({
        status: 200,
        body: "",
      });
      const page = (await res.json()) as { items: Record<string, unknown>[]; total: number };
      expect(page.total).toBe(1);
      const item = page.items[0];
      expect(Object.keys(item)).toEqual([
        "@type",
        "id",
        "modality",
        "category",
        "description",
        "name",
        "datasets",
        "anchor",
        "data",
      ]);
      expect(item["@type"]).toBe("siibra-0.4/feature/tabular");
      expect(item.data).toBeNull();
      // First samples of donors 0–2 (MNI x = 1, 2, 3; y = 1) lie in the mask, once per probe.
      const points = [1, 1, 2, 2, 3, 3].map((x) => `(${x}.0,1.0,1.0)`).join(", ");
      const name = `GeneExpressions (Gene expression) anchored at Area 44 (IFG) left Set of points MNI 152 ICBM 2009c Nonlinear Asymmetric: ${points}`;
      expect(item.name).toBe(name);
      const md5 = createHash("md5").update(name).digest("hex");
      expect(item.id).toBe(`lq0::GeneExpressions::p:${JBA31}::r:Area 44 (IFG) left::${md5}`);

      const detail = await app.request(
        `/v3_0/feature/GeneExpressions/${q(String(item.id))}?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}&gene=MAOA`,
      );
      expect(detail.status).toBe(200);
      const d = (await detail.json()) as { data: { columns: string[]; data: unknown[][] } };
      expect(d.data.columns).toEqual([
        "level",
        "zscore",
        "gene",
        "race",
        "gender",
        "age",
        "mni_xyz",
        "sample",
        "probe_id",
        "donor_name",
      ]);
      expect(d.data.data.map((r) => r[9])).toEqual([
        "H0351.1015",
        "H0351.1015",
        "H0351.1012",
        "H0351.1012",
        "H0351.1016",
        "H0351.1016",
      ]);

      const byId = await app.request(`/v3_0/feature/${q(String(item.id))}?gene=MAOA`);
      expect(byId.status).toBe(200);
      expect(((await byId.json()) as { name: string }).name).toBe(name);
      expect((await app.request(`/v3_0/feature/${q(String(item.id))}`)).status).toBe(400);
    } finally {
      maps.stop();
    }
  });

  test("the map host down: 503 naming it, before any Allen request", async () => {
    const hits = allen.hits.length;
    const { app } = await remappedApp([
      ["http://api.brain-map.org", allen.origin],
      ["https://data-proxy.ebrains.eu", closedOrigin()],
    ]);
    const res = await app.request(`${base}&gene=MAOA`);
    expect(res.status).toBe(503);
    const message = JSON.parse(((await res.json()) as { message: string }).message) as { host: string };
    expect(message.host).toBe("data-proxy.ebrains.eu");
    expect(allen.hits.length).toBe(hits);
  });

  test("an unknown gene is the client's error; a missing one is a 422", async () => {
    const { app } = await remappedApp([["http://api.brain-map.org", allen.origin]]);
    expect((await app.request(`${base}&gene=NOT_A_GENE`)).status).toBe(400);
    expect((await app.request(base)).status).toBe(422);
    const detail = await app.request(`/v3_0/feature/GeneExpressions/x?parcellation_id=${q(JBA31)}&region_id=x`);
    expect(detail.status).toBe(422);
  });
});

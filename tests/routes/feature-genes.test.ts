import { afterAll, describe, expect, test } from "bun:test";
import { remappedApp } from "../_support/live-app.ts";
import { serveAllen } from "../features-live/allen-fixture.ts";

const q = encodeURIComponent;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const base = `/v3_0/feature/GeneExpressions?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}`;

const allen = serveAllen();
afterAll(() => allen.stop());

describe("GET /v3_0/feature/GeneExpressions", () => {
  test("without the region's MNI152 mask (volume layer) the answer is a 503 naming it, before any Allen request", async () => {
    const { app } = await remappedApp([["http://api.brain-map.org", allen.origin]]);
    const res = await app.request(`${base}&gene=MAOA`);
    expect(res.status).toBe(503);
    const message = JSON.parse(((await res.json()) as { message: string }).message) as { error: string };
    expect(message.error).toContain("labelled mask of 'Area 44 (IFG) left' in MNI152");
    expect(allen.hits.length).toBe(0);
  });

  test("an unknown gene is the client's error; a missing one is a 422", async () => {
    const { app } = await remappedApp([["http://api.brain-map.org", allen.origin]]);
    expect((await app.request(`${base}&gene=NOT_A_GENE`)).status).toBe(400);
    expect((await app.request(base)).status).toBe(422);
    const detail = await app.request(`/v3_0/feature/GeneExpressions/x?parcellation_id=${q(JBA31)}&region_id=x`);
    expect(detail.status).toBe(422);
  });
});

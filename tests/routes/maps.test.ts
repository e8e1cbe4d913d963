import { describe, expect, test } from "bun:test";
import { getJson, golden, testApp } from "../_support/app.ts";

const { app } = await testApp();
const q = encodeURIComponent;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
type MapItem = {
  "@id": string;
  maptype: string;
  indices: Record<string, unknown>;
  volumes: unknown[];
  parcellation: { "@id": string };
  space: { "@id": string };
};
type Page = { items: MapItem[]; total: number };

describe("/v3_0/maps", () => {
  test("all 62 registry maps in order, list form (empty indices and volumes)", async () => {
    const want = await golden<{ "@id": string }[]>("maps.json");
    const pages = await Promise.all([1, 2].map((p) => getJson(app, `/v3_0/maps?size=50&page=${p}`)));
    const items = pages.flatMap((p) => (p.body as Page).items);
    expect(items.map((m) => m["@id"])).toEqual(want.map((m) => m["@id"]));
    expect(items.every((m) => Object.keys(m.indices).length === 0 && m.volumes.length === 0)).toBe(true);
  });

  test("filters are exact string matches on parcellation, space and map type", async () => {
    const labelled = (await getJson(app, `/v3_0/maps?map_type=LABELLED&parcellation_id=${q(JBA31)}&page=1`))
      .body as Page;
    expect(labelled.items.map((m) => m.space["@id"]).sort()).toEqual(
      [
        "minds/core/referencespace/v1.0.0/7f39f7be-445b-47c0-9791-e971c0b6d992",
        MNI152,
        "minds/core/referencespace/v1.0.0/tmp-fsaverage",
      ].sort(),
    );
    const fuzzy = (await getJson(app, `/v3_0/maps?parcellation_id=${q("julich 3.1")}`)).body as Page;
    expect(fuzzy.total).toBe(0);
  });

  test("/maps/{map_id} is the detail form; the continuous marmoset map is shadowed (62 maps)", async () => {
    const m = (await getJson(app, "/v3_0/maps/siibra-map-v0.0.1_mni152-jba31-labelled")).body as MapItem;
    expect(Object.keys(m.indices).length).toBeGreaterThan(0);
    expect((await getJson(app, "/v3_0/maps/siibra-map-v0.0.1_marmoset-nm-continuous")).status).toBe(404);
  });
});

describe("/v3_0/map", () => {
  test("fuzzy specs resolve like siibra.get_map; first candidate in registry order", async () => {
    const res = await getJson(
      app,
      `/v3_0/map?parcellation_id=${q("julich 3.1")}&space_id=${q("mni152")}&map_type=STATISTICAL`,
    );
    expect(res.status).toBe(200);
    expect((res.body as MapItem)["@id"]).toBe("siibra-map-v0.0.1_mni152-jba31_207-continuous");
  });

  test("index keys are the region names of /regions", async () => {
    const m = (await getJson(app, `/v3_0/map?parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}&map_type=LABELLED`))
      .body as MapItem;
    const regions = await Promise.all(
      Array.from({ length: 16 }, (_, i) => getJson(app, `/v3_0/regions?parcellation_id=${q(JBA31)}&page=${i + 1}`)),
    );
    const names = new Set(regions.flatMap((r) => (r.body as { items: { name: string }[] }).items.map((x) => x.name)));
    for (const key of Object.keys(m.indices)) expect(names.has(key)).toBe(true);
  });
});

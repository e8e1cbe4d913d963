import { describe, expect, test } from "bun:test";
import { getJson, golden, testApp } from "../_support/app.ts";

const { app } = await testApp();
const HUMAN = "juelich/iav/atlas/v1.0.0/1";

describe("/v3_0/atlases", () => {
  test("lists the five atlases in registry order with upstream pagination keys", async () => {
    const { status, body } = await getJson(app, "/v3_0/atlases");
    const want = await golden<{ "@id": string }[]>("atlases.json");
    expect(status).toBe(200);
    const page = body as { items: { "@id": string }[] };
    expect(Object.keys(page)).toEqual(["items", "total", "page", "size", "pages"]);
    expect(page.items.map((a) => a["@id"])).toEqual(want.map((a) => a["@id"]));
  });

  test("the atlas id is accepted raw (with slashes) and percent-encoded, with the same body", async () => {
    const raw = await getJson(app, `/v3_0/atlases/${HUMAN}`);
    const encoded = await getJson(app, `/v3_0/atlases/${encodeURIComponent(HUMAN)}`);
    expect(raw.status).toBe(200);
    expect(raw.text).toBe(encoded.text);
    expect((raw.body as { name: string }).name).toBe("Multilevel Human Atlas");
  });

  test("fuzzy specs resolve like siibra's registry (name words, key)", async () => {
    for (const spec of ["human", "MULTILEVEL_HUMAN_ATLAS", "Multilevel Human Atlas"]) {
      const { status, body } = await getJson(app, `/v3_0/atlases/${encodeURIComponent(spec)}`);
      expect(status).toBe(200);
      expect((body as { "@id": string })["@id"]).toBe(HUMAN);
    }
  });

  test("pages past the end are empty but keep total and pages", async () => {
    const { body } = await getJson(app, "/v3_0/atlases?page=4&size=2");
    expect(body).toMatchObject({ items: [], total: 5, page: 4, size: 2, pages: 3 });
  });
});

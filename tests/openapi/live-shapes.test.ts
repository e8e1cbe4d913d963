import { describe, expect, test } from "bun:test";
import { testApp } from "../_support/app.ts";
import { imageSource } from "../../src/features/live/sources.ts";

type Json = Record<string, unknown>;
const contract = (await Bun.file(
  `${import.meta.dir}/../../../shared/contract/siibra-api-v3_0.openapi.json`,
).json()) as {
  components: { schemas: Record<string, { properties?: Json }> };
};

function expectModel(name: string, value: unknown) {
  const declared = Object.keys(contract.components.schemas[name]?.properties ?? {});
  expect(declared.length).toBeGreaterThan(0);
  expect({ model: name, keys: Object.keys(value as Json) }).toEqual({ model: name, keys: declared });
}

describe("image and live-query objects have the contract models' keys, in order", () => {
  test("VOI list item, volume, bounding box, points; VOI detail anchor", async () => {
    // Marmoset VOIs carry their box in the configuration: no data host needed.
    const { app, services } = await testApp();
    const page = (await (await app.request("/v3_0/feature/Image?space_id=marmoset")).json()) as { items: Json[] };
    const voi = page.items[0];
    expectModel("SiibraVoiModel", voi);
    expectModel("VolumeModel", voi.volume);
    const box = voi.boundingbox as Json;
    expectModel("BoundingBoxModel", box);
    for (const key of ["center", "minpoint", "maxpoint"]) expectModel("CoordinatePointModel", box[key]);
    const detail = (await imageSource.detail(services, String(voi.id), { subject: null })) as Json;
    expectModel("SiibraVoiModel", detail);
    expectModel("SiibraAnchorModel", detail.anchor);
    expectModel("LocationModel", (detail.anchor as Json).location);
  });
});

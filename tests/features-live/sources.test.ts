import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { remappedApp } from "../_support/live-app.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import { ebrainsSource, imageSource } from "../../src/features/live/sources.ts";
import { ALL_PATH, JBA31, NEXUS, regionsSnapshot, uuid } from "./kg-regions-fixture.ts";
import type { FeatureContext } from "../../src/features/data/context.ts";
import type { Fixture } from "../remote/fixture-server.ts";

const MARMOSET_VOI = "nencki/nm/CJ1741_CB_density_map_in_nm_space/v1";
const MARMOSET_SPACE = "nencki/nm/referencespace/v1.0.0/MARMOSET_NM_NISSL_2020";

let host: Fixture;
let ctx: FeatureContext;

beforeAll(async () => {
  host = serveFixture({ [ALL_PATH]: { body: JSON.stringify(await regionsSnapshot(uuid(99))) } });
  ctx = (await remappedApp([["https://data-proxy.ebrains.eu", host.origin]])).services;
});
afterAll(() => host.stop());

describe("image source (/feature/{id} of a VOI)", () => {
  test("owns configured image ids only", () => {
    expect(imageSource.owns(ctx, MARMOSET_VOI)).toBe(true);
    expect(imageSource.owns(ctx, "lq0::EbrainsDataFeature::p:x::y")).toBe(false);
    expect(imageSource.owns(ctx, "nope")).toBe(false);
  });

  test("detail in siibra 0.4's VOI model, anchor located by the bounding box (coerced to a LocationModel)", async () => {
    const model = (await imageSource.detail(ctx, MARMOSET_VOI, { subject: null })) as Record<string, unknown>;
    expect(Object.keys(model)).toEqual([
      "@type",
      "id",
      "modality",
      "category",
      "description",
      "name",
      "datasets",
      "anchor",
      "volume",
      "boundingbox",
    ]);
    expect(model["@type"]).toBe("siibra-0.4/feature/volume_of_interest");
    expect(model.name).toBe("CJ1741 CB density map (NM1.0) (cell body staining)");
    expect(model.anchor).toEqual({
      "@type": "siibra-0.4/anchor",
      location: { "@type": "siibra-0.4/location/bbox", space: { "@id": MARMOSET_SPACE } },
      regions: [],
      last_match_description: "",
      last_match_result: [],
    });
  });

  test("export: README and the volume placeholder", async () => {
    const files = (await imageSource.export?.(ctx, MARMOSET_VOI)) ?? [];
    expect(files.map((f) => f.name)).toEqual(["README.md", "volume.txt"]);
    expect(files[1].text).toBe("Volume cannot be downloaded yet.");
    expect(files[0].text).toContain("\nName\n----\nCJ1741 CB density map (NM1.0) (cell body staining)\n");
    expect(files[0].text).toContain("\nModality\n--------\ncell body staining\n");
  });

  test("an id it does not own is not found", async () => {
    expect(imageSource.detail(ctx, "nope", { subject: null })).rejects.toMatchObject({ status: 404 });
  });
});

describe("EBRAINS data feature source (lq0 ids)", () => {
  const id = (ds: string, region = "Area 44 (IFG) left") => `lq0::EbrainsDataFeature::p:${JBA31}::r:${region}::${ds}`;

  test("owns lq0 EbrainsDataFeature ids", () => {
    expect(ebrainsSource.owns(ctx, id("x"))).toBe(true);
    expect(ebrainsSource.owns(ctx, `lq0::GeneExpressions::p:${JBA31}::r:a::b`)).toBe(false);
    expect(ebrainsSource.owns(ctx, "EbrainsDataFeature")).toBe(false);
  });

  test("detail re-runs the query in the id's context; a dataset of another region is not found", async () => {
    const model = await ebrainsSource.detail(ctx, id(`${NEXUS}${uuid(1)}`), { subject: null });
    expect(model.id).toBe(id(`${NEXUS}${uuid(1)}`));
    expect(model.name).toBe("Ebrains Dataset: Dataset A");
    expect((model.anchor as Record<string, unknown>)["@type"]).toBe("siibra-0.4/anchor");
    expect(ebrainsSource.detail(ctx, id(`${NEXUS}${uuid(11)}`), { subject: null })).rejects.toMatchObject({
      status: 404,
    });
  });

  test("export: README and doi.md", async () => {
    const files = (await ebrainsSource.export?.(ctx, id(`${NEXUS}${uuid(1)}`))) ?? [];
    expect(files.map((f) => f.name)).toEqual(["README.md", "doi.md"]);
    expect(files[0].text).toContain("\nName\n----\nEbrains Dataset: Dataset A\n");
    expect(files[1].text).toMatch(/^\ndoi\n---\n/);
  });
});

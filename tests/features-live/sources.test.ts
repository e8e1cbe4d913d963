import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { remappedApp } from "../_support/live-app.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import { ebrainsSource, imageSource } from "../../jobs/feature-query-sources.ts";
import { ALL_PATH, JBA31, NEXUS, regionsSnapshot, uuid } from "./kg-regions-fixture.ts";
import type { JobContext } from "../../jobs/context.ts";
import type { Fixture } from "../remote/fixture-server.ts";

const MARMOSET_VOI = "nencki/nm/CJ1741_CB_density_map_in_nm_space/v1";
const MARMOSET_SPACE = "nencki/nm/referencespace/v1.0.0/MARMOSET_NM_NISSL_2020";

let host: Fixture;
let ctx: JobContext;

beforeAll(async () => {
  host = serveFixture({ [ALL_PATH]: { body: JSON.stringify(await regionsSnapshot(uuid(99))) } });
  ctx = (await remappedApp([["https://data-proxy.ebrains.eu", host.origin]])).services;
});
afterAll(() => host.stop());

describe("image source (/feature/{id} of a VOI, Q20)", () => {
  test("owns configured image ids only", () => {
    expect(imageSource.owns(MARMOSET_VOI, ctx)).toBe(true);
    expect(imageSource.owns("lq0::EbrainsDataFeature::p:x::y", ctx)).toBe(false);
    expect(imageSource.owns("nope", ctx)).toBe(false);
  });

  test("detail in siibra 0.4's VOI model, anchor located by the bounding box (coerced, Q10)", async () => {
    const model = (await imageSource.detail(MARMOSET_VOI, {}, ctx)) as Record<string, unknown>;
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

  test("export: README and the volume placeholder, the same bytes every time", async () => {
    const zip = (await imageSource.export?.(MARMOSET_VOI, {}, ctx)) as Uint8Array<ArrayBuffer>;
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["README.md", "volume.txt"]);
    expect(strFromU8(files["volume.txt"])).toBe("Volume cannot be downloaded yet.");
    const readme = strFromU8(files["README.md"]);
    expect(readme).toContain("\nName\n----\nCJ1741 CB density map (NM1.0) (cell body staining)\n");
    expect(readme).toContain("\nModality\n--------\ncell body staining\n");
    expect(await imageSource.export?.(MARMOSET_VOI, {}, ctx)).toEqual(zip);
  });
});

describe("EBRAINS data feature source (lq0 ids)", () => {
  const id = (ds: string, region = "Area 44 (IFG) left") => `lq0::EbrainsDataFeature::p:${JBA31}::r:${region}::${ds}`;

  test("owns lq0 EbrainsDataFeature ids", () => {
    expect(ebrainsSource.owns(id("x"), ctx)).toBe(true);
    expect(ebrainsSource.owns(`lq0::GeneExpressions::p:${JBA31}::r:a::b`, ctx)).toBe(false);
    expect(ebrainsSource.owns("EbrainsDataFeature", ctx)).toBe(false);
  });

  test("detail re-runs the query in the id's context; union keys added (Q3)", async () => {
    const model = (await ebrainsSource.detail(id(`${NEXUS}${uuid(1)}`), {}, ctx)) as Record<string, unknown>;
    expect(model.id).toBe(id(`${NEXUS}${uuid(1)}`));
    expect(model.name).toBe("Ebrains Dataset: Dataset A");
    expect(Object.keys(model).slice(-3)).toEqual(["data", "neurotransmitters", "receptors"]);
    expect(await ebrainsSource.detail(id(`${NEXUS}${uuid(11)}`), {}, ctx)).toBeNull();
  });

  test("export: README and doi.md", async () => {
    const files = unzipSync((await ebrainsSource.export?.(id(`${NEXUS}${uuid(1)}`), {}, ctx)) as Uint8Array);
    expect(Object.keys(files).sort()).toEqual(["README.md", "doi.md"]);
    expect(strFromU8(files["README.md"])).toContain("\nName\n----\nEbrains Dataset: Dataset A\n");
  });
});

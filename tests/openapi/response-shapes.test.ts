import { describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";

type Schema = { properties?: Record<string, unknown> };
type Json = Record<string, unknown>;

const contract = (await Bun.file(
  `${import.meta.dir}/../../../shared/contract/siibra-api-v3_0.openapi.json`,
).json()) as {
  components: { schemas: Record<string, Schema> };
};
const { app } = await testApp();
const q = encodeURIComponent;
const JBA31 = q("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const JBA29 = q("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290");
const MNI152 = q("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");

const body = async (path: string) => (await getJson(app, path)).body as Json;
const first = (value: unknown) => (value as Json[])[0];

/** Every declared field is present, in the declared order, and nothing else (serialization rule 7). */
function expectModel(name: string, value: unknown) {
  const declared = Object.keys(contract.components.schemas[name]?.properties ?? {});
  expect(declared.length).toBeGreaterThan(0);
  expect({ model: name, keys: Object.keys(value as Json) }).toEqual({ model: name, keys: declared });
}

describe("response objects have exactly the keys of the contract's models, in order", () => {
  test("atlas, space, volume, dataset, person", async () => {
    expectModel("SiibraAtlasModel", first((await body("/v3_0/atlases")).items));
    const space = await body(`/v3_0/spaces/${MNI152}`);
    expectModel("CommonCoordinateSpaceModel", space);
    expectModel("VolumeModel", first(space.defaultImage));
    const dataset = first(space.datasets) as Json;
    expectModel("EbrainsDatasetModel", dataset);
    expectModel("EbrainsDsPerson", first(dataset.contributors));
  });

  test("parcellation, brain atlas version, parcellation version", async () => {
    const p = await body(`/v3_0/parcellations/${JBA31}`);
    expectModel("SiibraParcellationModel", p);
    expectModel("BrainAtlasVersionModel", first(p.brainAtlasVersions));
    expectModel("SiibraParcellationVersionModel", p.version);
  });

  test("region, annotation, relation assessment", async () => {
    const region = first((await body(`/v3_0/regions?parcellation_id=${JBA31}`)).items) as Json;
    expectModel("ParcellationEntityVersionModel", region);
    expectModel("HasAnnotation", region.hasAnnotation);
    expectModel(
      "RegionRelationAsmtModel",
      first((await body(`/v3_0/regions/${q("Area PGa (IPL)")}/related?parcellation_id=${JBA29}`)).items),
    );
  });

  test("map, map index, map volume", async () => {
    const m = await body("/v3_0/maps/siibra-map-v0.0.1_mni152-jba31-labelled");
    expectModel("MapModel", m);
    expectModel("MapIndexModel", first(Object.values(m.indices as Json)[0]));
    expectModel("VolumeModel", first(m.volumes));
  });

  test("feature type, gene, receptor fingerprint list item", async () => {
    expectModel("FeatureMetaModel", first((await body("/v3_0/feature/_types")).items));
    expectModel("GeneModel", first((await body("/v3_0/vocabularies/genes?find=MAOA")).items));
    const fp = await body(
      `/v3_0/feature/Tabular?parcellation_id=${JBA31}&region_id=${q("Area 44 (IFG)")}&type=ReceptorDensityFingerprint`,
    );
    expectModel("SiibraReceptorDensityFp", first(fp.items));
    const profiles = await body(
      `/v3_0/feature/CorticalProfile?parcellation_id=${JBA31}&region_id=${q("Area 44 (IFG)")}`,
    );
    expectModel("SiibraCorticalProfileModel", first(profiles.items));
    const connectivity = await body(`/v3_0/feature/RegionalConnectivity?parcellation_id=${JBA31}`);
    expectModel("SiibraRegionalConnectivityModel", first(connectivity.items));
  });
});

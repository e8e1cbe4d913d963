import { afterAll, describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";
import { closedOrigin, serveFixture } from "../remote/fixture-server.ts";

const NG = "https://neuroglancer.humanbrainproject.eu";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const BIGBRAIN = "minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588";
const MARMOSET = "nencki/nm/referencespace/v1.0.0/MARMOSET_NM_NISSL_2020";
const COLIN = "minds/core/referencespace/v1.0.0/7f39f7be-445b-47c0-9791-e971c0b6d992";
const q = encodeURIComponent;
type Volume = { formats: string[]; fragments: Record<string, string[]>; providedVolumes: Record<string, unknown> };
type Space = { "@id": string; defaultImage: Volume[] };

const json = (value: unknown) => ({ body: JSON.stringify(value) });
/**
 * The neuroglancer host as siibra 0.4 reads it: `<url>/info` names the mesh directory, and
 * `<url>/<mesh>/<label>:0` lists the fragments of the surface mesh with that label.
 */
const ng = serveFixture({
  "/precomputed/icbm152_2009c_nonlin_asym/info": json({ "@type": "neuroglancer_legacy_mesh", mesh: "mesh" }),
  "/precomputed/icbm152_2009c_nonlin_asym/mesh/65535:0": json({
    fragments: ["rh.pial.gii", "lh.pial.gii", "lh.pial.gii"],
  }),
  "/precomputed/BigBrainRelease.2015/classif_mesh/info": json({ mesh: "surfaces" }),
  // Label 100 is the one BigBrain's configuration names; another label must not be read.
  "/precomputed/BigBrainRelease.2015/classif_mesh/surfaces/100:0": json({ fragments: ["gray", "white"] }),
  // Colin 27: an info without a mesh key.
  "/precomputed/JuBrain/colin_auxmesh/info": json({ type: "image" }),
});
const down = closedOrigin();
afterAll(() => ng.stop());

const meshOf = (space: Space) =>
  space.defaultImage.find((v) => "neuroglancer/precompmesh/surface" in v.providedVolumes) as Volume;

describe("mesh fragment names of neuroglancer/precompmesh/surface templates", () => {
  test("are read from the neuroglancer host: de-duplicated and sorted, under fragments.mesh", async () => {
    const { app } = await testApp({ meshes: "remote", env: { SIIBRA_API_REMAP_PROVIDERS: `${NG}::${ng.origin}` } });
    // The marmoset template's mesh lives on a host that is unreachable here (data-proxy): that outage
    // must not keep the neuroglancer host's meshes from being read afterwards.
    const marmoset = (await getJson(app, `/v3_0/spaces/${q(MARMOSET)}`)).body as Space;
    expect(meshOf(marmoset).fragments).toEqual({});
    const mni = (await getJson(app, `/v3_0/spaces/${q(MNI152)}`)).body as Space;
    const all = (await getJson(app, "/v3_0/spaces?size=100")).body as { items: Space[] };
    expect(meshOf(mni).fragments).toEqual({ mesh: ["lh.pial.gii", "rh.pial.gii"] });
    const bigbrain = all.items.find((s) => s["@id"] === BIGBRAIN) as Space;
    expect(meshOf(bigbrain).fragments).toEqual({ mesh: ["gray", "white"] });
    // Colin 27's info has no mesh key: no fragments, as upstream when the mesh index cannot be read.
    const colin = all.items.find((s) => s["@id"] === COLIN) as Space;
    expect(meshOf(colin).fragments).toEqual({});
    expect(ng.hitsFor("/precomputed/BigBrainRelease.2015/classif_mesh/surfaces/100:0")).toBe(1);
  });

  test("documents are fetched once per process; failures are remembered, not retried per request", async () => {
    const { app } = await testApp({ meshes: "remote", env: { SIIBRA_API_REMAP_PROVIDERS: `${NG}::${ng.origin}` } });
    const before = ng.hitsFor("/precomputed/JuBrain/colin_auxmesh/info");
    for (let i = 0; i < 3; i++) await getJson(app, `/v3_0/spaces/${q(COLIN)}?i=${i}`);
    expect(ng.hitsFor("/precomputed/JuBrain/colin_auxmesh/info") - before).toBe(1);
    const mniBefore = ng.hitsFor("/precomputed/icbm152_2009c_nonlin_asym/mesh/65535:0");
    for (let i = 0; i < 3; i++) await getJson(app, `/v3_0/spaces/${q(MNI152)}?i=${i}`);
    expect(ng.hitsFor("/precomputed/icbm152_2009c_nonlin_asym/mesh/65535:0") - mniBefore).toBe(1);
  });

  test("an unreachable host degrades to no mesh fragments, fast, never an error", async () => {
    const { app } = await testApp({ meshes: "remote", env: { SIIBRA_API_REMAP_PROVIDERS: `${NG}::${down}` } });
    const started = performance.now();
    const res = await getJson(app, `/v3_0/spaces/${q(MNI152)}`);
    expect(res.status).toBe(200);
    expect(meshOf(res.body as Space).fragments).toEqual({});
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

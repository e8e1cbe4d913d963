import { describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";
import { featureIndex } from "../../src/features/preconfigured/feature-index.ts";
import { resolveFeatureType } from "../../src/features/hierarchy.ts";
import { parcellationBySpec, regionBySpec } from "../../src/atlas/lookup.ts";
import { lstripChars, pyFloat } from "../../src/features/py-format.ts";
import { decodeSpecies } from "../../src/features/species.ts";

const { app, services } = await testApp();
const store = services.store;

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
const JBA303 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-300";
const WAXHOLM4 = "minds/core/parcellationatlas/v1.0.0/ebb923ba-b4d5-4b82-8088-fa9215c2e1fe-v4";
const MARMOSET = "nencki/nm/parcellationatlas/v1.0.0/MARMOSET_NM";
const AREA44 = "Area 44 (IFG)";

type Item = Record<string, unknown> & { "@type": string; id: string; name: string };
type Page = { items: Item[]; total: number; page: number; size: number; pages: number };
type Envelope = { error: boolean; status_code: number; message: string };

const enc = encodeURIComponent;

async function list(route: string, params: Record<string, string>): Promise<Page> {
  const res = await getJson(app, `/v3_0/feature/${route}?${new URLSearchParams(params)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Page;
}

async function failure(path: string, status: number): Promise<{ detail: unknown }> {
  const res = await getJson(app, path);
  expect(res.status).toBe(status);
  const env = res.body as Envelope;
  expect(env.status_code).toBe(status);
  return JSON.parse(env.message) as { detail: unknown };
}

const BASE_KEYS = ["@type", "id", "modality", "category", "description", "name", "datasets", "anchor"];
const PROFILE_KEYS = [...BASE_KEYS, "data", "unit", "boundary_positions", "boundaries_mapped"];
const FP_KEYS = [...BASE_KEYS, "data", "neurotransmitters", "receptors"];
const CONNECTIVITY_KEYS = [...BASE_KEYS, "cohort", "subjects", "matrices"];

/** Matches per class for a JBA 3.1 region, straight from the index (docs/upstream.md#features). */
function countsByClass(regionSpec: string, type = "Feature"): Record<string, number> {
  const parcellation = parcellationBySpec(store, JBA31);
  const region = regionBySpec(store, parcellation, regionSpec);
  const counts: Record<string, number> = {};
  for (const f of featureIndex(store).match(region, resolveFeatureType(type)))
    counts[f.className] = (counts[f.className] ?? 0) + 1;
  return counts;
}

const AREA44_COUNTS = {
  CellDensityProfile: 10,
  LayerwiseCellDensity: 1,
  ReceptorDensityFingerprint: 2,
  ReceptorDensityProfile: 15,
  RegionalBOLD: 4,
  FunctionalConnectivity: 5,
  StreamlineCounts: 1,
  StreamlineLengths: 1,
};

describe("semantic match counts (siibra 0.4 results, offline-decidable part)", () => {
  test("JBA 3.1 Area 44 (IFG): 39 features", () => {
    expect(countsByClass(AREA44)).toEqual(AREA44_COUNTS);
  });

  test("JBA 3.1 Area 44 (IFG) left: the same 39 (the anchors contain the query)", () => {
    expect(countsByClass("Area 44 (IFG) left")).toEqual(AREA44_COUNTS);
  });

  test("qualifications: EXACT on the anchor region, CONTAINS below it, CONTAINED above it", () => {
    const index = featureIndex(store);
    const parcellation = parcellationBySpec(store, JBA31);
    const at = (spec: string) => regionBySpec(store, parcellation, spec);
    const fingerprint = index.instances("ReceptorDensityFingerprint").find((f) => f.anchor.regionSpec === AREA44);
    const matrix = index.instances("StreamlineCounts").find((f) => f.anchor.regionSpec === JBA31);
    if (!fingerprint || !matrix) throw new Error("fixtures missing");
    const quals = (f: typeof fingerprint, spec: string) => index.assignments(f, at(spec)).map((a) => a.qualification);
    expect(quals(fingerprint, AREA44)).toEqual(["EXACT"]);
    expect(quals(fingerprint, "Area 44 (IFG) left")).toEqual(["CONTAINS"]);
    expect(quals(fingerprint, "frontal lobe")).toEqual(["CONTAINED"]);
    expect(quals(fingerprint, "Area 45 (IFG)")).toEqual([]);
    expect(quals(matrix, AREA44)).toEqual(["CONTAINS"]);
    expect(index.assignments(matrix, parcellation.root).map((a) => a.qualification)).toEqual(["EXACT"]);
  });

  test("JBA 3.1 hOc1 left: 39 besides the cell-body-stained VOI; frontal lobe: 94", () => {
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    expect(sum(countsByClass("Area hOc1 (V1, 17, CalcS) left"))).toBe(39);
    expect(sum(countsByClass("frontal lobe"))).toBe(94);
  });
});

describe("GET /v3_0/feature/Tabular", () => {
  const area44 = { parcellation_id: JBA31, region_id: AREA44 };

  test("fingerprints of Area 44 in file order, ReceptorDensityFp keys", async () => {
    const page = await list("Tabular", { ...area44, type: "ReceptorDensityFingerprint" });
    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.id)).toEqual([
      "06a33cf8-8cfe-4029-8a5e-83a75242d600--2c46d6a524c611887109b26c0bd2ab75",
      "cb875c0d-97f4-4dbc-a9ce-472d8ba58c99--2c46d6a524c611887109b26c0bd2ab75",
    ]);
    for (const item of page.items) expect(Object.keys(item)).toEqual(FP_KEYS);
  });

  test("dotted and bare type names are the same query", async () => {
    const dotted = await list("Tabular", { ...area44, type: "Feature.Tabular.ReceptorDensityFingerprint" });
    const bare = await list("Tabular", { ...area44, type: "ReceptorDensityFingerprint" });
    expect(dotted).toEqual(bare);
  });

  test("without type: every tabular class (BOLD dropped by modality), union key sets", async () => {
    const page = await list("Tabular", area44);
    expect(page.total).toBe(10 + 15 + 1 + 2);
    for (const item of page.items) {
      if (item["@type"] === "siibra-0.4/feature/tabular/cortical_profile")
        expect(Object.keys(item)).toEqual(PROFILE_KEYS);
      else expect(Object.keys(item)).toEqual(FP_KEYS);
    }
    // Plain tabular features keep their own @type but gain the fingerprint's null keys
    // (docs/decisions.md#union-key-sets).
    const layerwise = page.items.find((i) => i.name.startsWith("LayerwiseCellDensity"));
    expect(layerwise?.["@type"]).toBe("siibra-0.4/feature/tabular");
    expect(layerwise?.neurotransmitters).toBeNull();
  });

  test("ban list: raw LocalFieldPotential / RegionalBOLD are empty (checked before the concept)", async () => {
    for (const type of ["RegionalBOLD", "LocalFieldPotential"]) {
      const page = await list("Tabular", { parcellation_id: "doesnotexist", region_id: "x", type });
      expect(page).toEqual({ items: [], total: 0, page: 1, size: 50, pages: 0 });
    }
  });

  test("dotted RegionalBOLD passes the ban list but its modality is filtered", async () => {
    const page = await list("Tabular", { ...area44, type: "Feature.Tabular.RegionalTimeseriesActivity.RegionalBOLD" });
    expect(page.total).toBe(0);
  });

  test("layerwise densities are listed with a point-set anchor name", async () => {
    const page = await list("Tabular", { ...area44, type: "LayerwiseCellDensity" });
    expect(page.total).toBe(1);
    expect(page.items[0].name).toStartWith(
      "LayerwiseCellDensity (Cell body density) anchored at Area 44 (IFG) Set of points BigBrain microscopic template (histology): (",
    );
  });
});

describe("GET /v3_0/feature/CorticalProfile", () => {
  const area44 = { parcellation_id: JBA31, region_id: AREA44 };

  test("counts per type and the category default", async () => {
    expect((await list("CorticalProfile", { ...area44, type: "CellDensityProfile" })).total).toBe(10);
    expect((await list("CorticalProfile", { ...area44, type: "ReceptorDensityProfile" })).total).toBe(15);
    expect((await list("CorticalProfile", area44)).total).toBe(25);
  });

  test("items: cortical profile keys, class modality/description, list form", async () => {
    const page = await list("CorticalProfile", { ...area44, type: "ReceptorDensityProfile", size: "1" });
    const item = page.items[0];
    expect(Object.keys(item)).toEqual(PROFILE_KEYS);
    expect(item["@type"]).toBe("siibra-0.4/feature/tabular/cortical_profile");
    expect(item.modality).toMatch(/ receptor density$/);
    expect(item.category).toBe("molecular");
    expect(item.description).toStartWith("Cortical profile of densities (in fmol/mg protein)");
    expect(item.anchor).toBeNull();
    expect(item.data).toBeNull();
    expect(item.boundary_positions).toEqual({});
    expect(item.boundaries_mapped).toBe(false);
  });

  test("cell density profiles: constant unit, point anchor in the name", async () => {
    const item = (await list("CorticalProfile", { ...area44, type: "CellDensityProfile", size: "1" })).items[0];
    expect(item.unit).toBe("detected cells / 0.1mm3");
    expect(item.name).toMatch(
      /^CellDensityProfile \(Segmented cell body density\) anchored at Area 44 \(IFG\) Point in BigBrain microscopic template \(histology\) \[-?\d+\.\d+,-?\d+\.\d+,-?\d+\.\d+\]$/,
    );
  });

  test("pagination over the full list", async () => {
    const page2 = await list("CorticalProfile", { ...area44, page: "2", size: "10" });
    expect(page2).toMatchObject({ total: 25, page: 2, size: 10, pages: 3 });
    expect(page2.items).toHaveLength(10);
    const all = await list("CorticalProfile", { ...area44, size: "100" });
    expect(page2.items.map((i) => i.id)).toEqual(all.items.slice(10, 20).map((i) => i.id));
    const past = await list("CorticalProfile", { ...area44, page: "4", size: "10" });
    expect(past).toEqual({ items: [], total: 25, page: 4, size: 10, pages: 3 });
  });

  test("a type selecting other shapes is 400 (upstream: 500)", async () => {
    const inner = await failure(
      `/v3_0/feature/CorticalProfile?parcellation_id=${enc(JBA31)}&region_id=${enc(AREA44)}&type=ReceptorDensityFingerprint`,
      400,
    );
    expect(String(inner.detail)).toContain("ReceptorDensityFingerprint");
  });
});

describe("GET /v3_0/feature/RegionalConnectivity", () => {
  test("JBA 3.1: 5 functional, 1 streamline counts, 1 streamline lengths", async () => {
    const page = await list("RegionalConnectivity", { parcellation_id: JBA31 });
    expect(page.total).toBe(7);
    expect(page.items.map((i) => i.modality)).toEqual([
      ...Array(5).fill("RestingState"),
      "StreamlineCounts",
      "StreamlineLengths",
    ]);
    for (const item of page.items) {
      expect(Object.keys(item)).toEqual(CONNECTIVITY_KEYS);
      expect(item["@type"]).toBe("siibra-0.4/feature/regional_connectivity");
      expect(item.cohort).toBe("HCP");
      expect(item.matrices).toBeNull();
      expect(item.category).toBe("connectivity");
    }
    // Subjects keep the file's order ("000" … "199"), although "100" sorts first in a parsed object.
    const subjects = page.items[0].subjects as string[];
    expect(subjects).toHaveLength(200);
    expect(subjects.slice(0, 2)).toEqual(["000", "001"]);
    expect(subjects.at(-1)).toBe("199");
  });

  test("by type, and other parcellations", async () => {
    expect((await list("RegionalConnectivity", { parcellation_id: JBA31, type: "StreamlineCounts" })).total).toBe(1);
    expect((await list("RegionalConnectivity", { parcellation_id: JBA29 })).total).toBe(10);
    const rat = await list("RegionalConnectivity", { parcellation_id: WAXHOLM4 });
    expect(rat.items.map((i) => i.name)).toEqual([
      "TracingConnectivity (Tracing) anchored at minds/core/parcellationatlas/v1.0.0/ebb923ba-b4d5-4b82-8088-fa9215c2e1fe-v4 with cohort ORBITAL-POSTERIOPARIETAL-INSULAR ANTEROGRADE PROJECTIONS",
    ]);
  });

  test("feature ids (siibra 0.4 worked examples)", async () => {
    const prerelease = await list("RegionalConnectivity", { parcellation_id: JBA303, type: "StreamlineCounts" });
    expect(prerelease.items[0].id).toBe("0f1ccc4a-9a11-4697-b43f-9c9c8ac543e6--b4f4edf350c55433e175ccc5cdee1dc5");
    expect(prerelease.items[0].name).toStartWith("[PRERELEASE] StreamlineCounts (StreamlineCounts) anchored at");
    const ho = await list("RegionalConnectivity", {
      parcellation_id: "https://identifiers.org/neurovault.image:1702",
      type: "FunctionalConnectivity",
    });
    expect(ho.items.map((i) => i.id)).toContain(
      "f16e449d-86e1-408b-9487-aa9d72e39901--213377827a5ccff823523412ea5af253--71b04e9f78e51fae3df339d5b20c3a51",
    );
    // RegionalBOLD is never listed; its id still follows the lstrip quirk ("egionalBOLD (…" is hashed).
    const bold = featureIndex(store)
      .instances("RegionalBOLD")
      .map((f) => f.id);
    expect(bold).toContain("164b7564-1730-4b51-9c98-308005b620dd--1d44a045a593469dec6bf9a5ba4e45ec");
  });

  test("a type reaching tabular features is 400 (marmoset retrograde matrix is Tabular)", async () => {
    await failure(`/v3_0/feature/RegionalConnectivity?parcellation_id=${enc(MARMOSET)}&type=Connectivity`, 400);
    const tabular = await list("Tabular", {
      parcellation_id: MARMOSET,
      region_id: MARMOSET,
      type: "InterarealConnectivityMatrix",
    });
    expect(tabular.items.map((i) => i["@type"])).toEqual(["siibra-0.4/feature/tabular"]);
  });
});

describe("errors", () => {
  const q31 = `parcellation_id=${enc(JBA31)}`;

  test("unknown parcellation 404, undecodable region 404, ambiguous region 400", async () => {
    await failure(`/v3_0/feature/RegionalConnectivity?parcellation_id=doesnotexist`, 404);
    await failure(`/v3_0/feature/Tabular?parcellation_id=doesnotexist&region_id=${enc(AREA44)}`, 404);
    await failure(`/v3_0/feature/Tabular?${q31}&region_id=${enc("hOc 1")}`, 404);
    await failure(`/v3_0/feature/CorticalProfile?${q31}&region_id=1`, 400);
  });

  test("a type matching no class is 400 with siibra's message", async () => {
    const inner = await failure(`/v3_0/feature/Tabular?${q31}&region_id=${enc(AREA44)}&type=NoSuchThing`, 400);
    expect(String(inner.detail)).toStartWith("feature_type NoSuchThing did not match with any features.");
  });

  test("422 for missing required parameters and bad paging", async () => {
    const missing = await failure(`/v3_0/feature/Tabular?${q31}`, 422);
    expect(missing.detail).toEqual([
      { loc: ["query", "region_id"], msg: "field required", type: "value_error.missing" },
    ]);
    const none = await failure(`/v3_0/feature/RegionalConnectivity`, 422);
    expect(none.detail).toEqual([
      { loc: ["query", "parcellation_id"], msg: "field required", type: "value_error.missing" },
    ]);
    await failure(`/v3_0/feature/CorticalProfile?${q31}&region_id=x&size=101`, 422);
  });
});

describe("helpers", () => {
  test("Python float text and lstrip", () => {
    expect([48, -7.381414413452148, 1e-5, 0.0001, 1e16, 123456789012345.6, -0].map(pyFloat)).toEqual([
      "48.0",
      "-7.381414413452148",
      "1e-05",
      "0.0001",
      "1e+16",
      "123456789012345.6",
      "-0.0",
    ]);
    expect(lstripChars("[PRERELEASE] StreamlineCounts (x)", "[PRERELEASE] ")).toBe("treamlineCounts (x)");
    expect(lstripChars("RegionalBOLD (x)", "[PRERELEASE] ")).toBe("egionalBOLD (x)");
  });

  test("species decoding", () => {
    expect(decodeSpecies("Callithrix Jacchus")).toBe("Callithrix jacchus");
    expect(
      decodeSpecies({ "minds/core/dataset/v1.0.0": "x", "openminds/Species": "ab532423-1fd7-4255-8c6f-f99dc6df814f" }),
    ).toBe("Rattus norvegicus");
    expect(decodeSpecies("nothing")).toBeNull();
  });

  test("type resolution: category filter when several classes match", () => {
    expect(resolveFeatureType("RegionalConnectivity").map((c) => c.name)).toEqual([
      "FunctionalConnectivity",
      "StreamlineCounts",
      "StreamlineLengths",
      "TracingConnectivity",
    ]);
    expect(resolveFeatureType("ReceptorDensityFingerprint").map((c) => c.name)).toEqual(["ReceptorDensityFingerprint"]);
  });
});

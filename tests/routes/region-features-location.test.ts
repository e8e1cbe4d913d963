/**
 * `/regions/{id}/features` with location-anchored matches: the four MNI152 image features of the
 * configuration get synthetic neuroglancer boxes, the JBA 3.1 labelled map is the synthetic one of
 * tests/volumes/_jba-fixture.ts. Which images a region lists is derived here from the label arrays
 * (voxel centres inside the box), never from the code under test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { composeServices } from "../../src/compose.ts";
import { createApp } from "../../src/app.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { parseEnv } from "../../src/env.ts";
import { createRemoteFetcher, parseRemapRules } from "../../src/lib/remote.ts";
import { CONFIG_DIR, OFFLINE_KG, configFiles } from "../_support/app.ts";
import { DIMS, JBA31, fixturePath, jbaData, mm } from "../volumes/_jba-fixture.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { App } from "../../src/app.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";

const NG = "https://neuroglancer.humanbrainproject.eu/";
type Box3 = { min: number[]; max: number[] };

/** Image file → box (mm) it is given here; `null` leaves its `info` unserved (404). */
const BOXES: Record<string, Box3 | null> = {
  // around voxel (2,2,2) of Area 44 left's block: centre (-6,-8,-4)
  "vois/blockface/chenonceau_dti_rgb_200um.json": { min: [-7, -9, -5], max: [-5.5, -7.5, -3.5] },
  // inside Area 44 left's mask bounding box, but touching none of its voxels (siibra: CONTAINED)
  "vois/blockface/chenonceau_dti_fa_200um.json": { min: [-3, 0, 0], max: [-2, 1, 1] },
  // around Area 44 left's isolated voxel (5,8,6): centre (0,4,4)
  "vois/mri/chenonceau_anatomical_150um.json": { min: [-0.5, 3.5, 3.5], max: [0.5, 4.5, 4.5] },
  "vois/mri/chenonceau_anatomical_200um.json": null,
};

type ImageDoc = { name: string; modality: string; providers: Record<string, string> };
const docs = new Map<string, ImageDoc>();

/** Voxel centres (mm) of a label in the merged map: the right file wins where both are labelled. */
function centres(left: Int16Array, right: Int16Array, label: number, hemisphere: "left" | "right"): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < DIMS[2]; k++)
    for (let j = 0; j < DIMS[1]; j++)
      for (let i = 0; i < DIMS[0]; i++) {
        const n = i + DIMS[0] * (j + DIMS[1] * k);
        const ok = hemisphere === "left" ? left[n] === label && right[n] === 0 : right[n] === label;
        if (ok) out.push(mm(i, j, k));
      }
  return out;
}

const inside = (p: number[], b: Box3) => p.every((v, d) => v >= b.min[d] && v <= b.max[d]);

function ngRoutes(): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [file, box] of Object.entries(BOXES)) {
    if (!box) continue;
    const url = docs.get(file)?.providers["neuroglancer/precomputed"] ?? "";
    const base = url.replace(NG, "/ng/");
    // 0.5 mm voxels; the transform (nm) puts voxel 0 at the box's minimum corner.
    const size = [0, 1, 2].map((d) => (box.max[d] - box.min[d]) / 0.5);
    routes[`${base}/info`] = { body: JSON.stringify({ scales: [{ size, resolution: [5e5, 5e5, 5e5] }] }) };
    routes[`${base}/transform.json`] = {
      body: JSON.stringify(
        [0, 1, 2].map((d) => [...[0, 1, 2].map((e): number => (d === e ? 1 : 0)), box.min[d] * 1e6]),
      ),
    };
  }
  return routes;
}

async function appFor(fixture: Fixture): Promise<App> {
  const vars = {
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: [
      `https://data-proxy.ebrains.eu/::${fixture.origin}/dp/`,
      `http://www.bic.mni.mcgill.ca/::${fixture.origin}/bic/`,
      `${NG}::${fixture.origin}/ng/`,
    ].join("\n"),
  };
  const env = parseEnv(vars);
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({
    env,
    files: await configFiles(),
    fetcher: createRemoteFetcher({ remap, timeoutMs: 3000 }),
    remap,
    datasets: createIdsOnlyDatasetService(),
    kg: OFFLINE_KG,
  });
  return createApp(services);
}

type Item = { "@type": string; name: string };
const list = async (app: App, region: string) => {
  const res = await app.request(
    `/v3_0/regions/${encodeURIComponent(region)}/features?parcellation_id=${encodeURIComponent(JBA31)}&size=100`,
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
};
const voiNames = (items: Item[]) => items.filter((i) => i["@type"].includes("volume_of_interest")).map((i) => i.name);

let left: Int16Array;
let right: Int16Array;
let fixture: Fixture;
let app: App;
let brokenFixture: Fixture;
let broken: App;

beforeAll(async () => {
  for (const file of Object.keys(BOXES))
    docs.set(file, (await Bun.file(`${CONFIG_DIR}/features/images/${file}`).json()) as ImageDoc);
  const { data, routes } = await jbaData();
  ({ left, right } = data);
  fixture = serveFixture({ ...routes, ...ngRoutes() });
  app = await appFor(fixture);
  // Same hosts, but the labelled map answers 503: the voxel test cannot run.
  const failing = Object.fromEntries(
    Object.entries(routes).map(([p, r]): [string, Route] => [p, p.includes("MPM") ? { body: "down", status: 503 } : r]),
  );
  brokenFixture = serveFixture({ ...failing, ...ngRoutes() });
  broken = await appFor(brokenFixture);
});
afterAll(() => {
  fixture.stop();
  brokenFixture.stop();
});

/**
 * The served images siibra matches, by name: box inside the mask's bounding box (voxel corners),
 * box holding it, or a voxel centre in the box.
 */
function expectedFor(label: number, hemisphere: "left" | "right"): string[] {
  const points = centres(left, right, label, hemisphere);
  const bounds: Box3 = {
    min: [0, 1, 2].map((d) => Math.min(...points.map((p) => p[d]))),
    max: [0, 1, 2].map((d) => Math.max(...points.map((p) => p[d] + 2))),
  };
  const within = (a: Box3, b: Box3) => [0, 1, 2].every((d) => a.min[d] >= b.min[d] && a.max[d] <= b.max[d]);
  return Object.entries(BOXES)
    .filter(
      ([, box]) => box !== null && (within(box, bounds) || within(bounds, box) || points.some((p) => inside(p, box))),
    )
    .map(([file]) => `${docs.get(file)?.name} (${docs.get(file)?.modality})`);
}

describe("location-anchored matches of /regions/{id}/features", () => {
  test("the fixture's labelled map is what the test assumes", () => {
    expect(fixturePath("https://data-proxy.ebrains.eu/x")).toBe("/dp/x");
    expect(expectedFor(59, "left").length).toBe(3);
    expect(expectedFor(155, "left")).toEqual([]);
  });

  test("a region whose mask meets an image's box lists it; other images are not listed", async () => {
    const items = await list(app, "Area 44 (IFG) left");
    expect(voiNames(items).sort()).toEqual(expectedFor(59, "left").sort());
  }, 30_000);

  test("a region whose mask meets no box lists no image", async () => {
    const items = await list(app, "Area 45 (IFG) left");
    expect(voiNames(items)).toEqual(expectedFor(155, "left"));
  }, 30_000);

  test("when the map cannot be fetched the list still answers the semantic matches", async () => {
    const ok = await list(app, "Area 44 (IFG) left");
    const degraded = await list(broken, "Area 44 (IFG) left");
    expect(voiNames(degraded)).toEqual([]);
    expect(degraded.map((i) => i.name)).toEqual(ok.map((i) => i.name).filter((n) => !voiNames(ok).includes(n)));
    expect(degraded.length).toBeGreaterThan(0);
  }, 30_000);
});

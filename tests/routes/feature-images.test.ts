import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { unzipSync } from "fflate";
import { golden } from "../_support/app.ts";
import { remappedApp } from "../_support/live-app.ts";
import { closedOrigin, serveFixture, serveHanging } from "../remote/fixture-server.ts";
import {
  BIGBRAIN,
  configuredImages,
  fixturePath,
  HOST_RULES,
  imageRoutes,
  MNI152,
} from "../features-live/image-fixtures.ts";
import type { ConfiguredImage, Placement } from "../features-live/image-fixtures.ts";
import type { Fixture } from "../remote/fixture-server.ts";

type Voi = {
  "@type": string;
  id: string;
  name: string;
  category: string;
  modality: string;
  anchor: unknown;
  volume: { providedVolumes: Record<string, string>; space: { "@id": string } };
  boundingbox: {
    space: { "@id": string };
    minpoint: { coordinates: { value: number }[] };
    maxpoint: { coordinates: { value: number }[] };
    center: { coordinates: { value: number }[] };
    shape: number[];
  };
};
type Page = { items: Voi[]; total: number; page: number; size: number; pages: number };

/** Category of each configured modality (siibra 0.4's classes), written out for the test. */
const CATEGORY: Record<string, string> = {
  "cell body staining": "cellular",
  blockface: "macrostructural",
  "PLI HSV fibre orientation map": "fibres",
  transmittance: "fibres",
  XPCT: "cellular",
  "T2 weighted MRI": "macrostructural",
  "T2-weighted MRI": "macrostructural",
  LSFM: "cellular",
  morphometry: "macrostructural",
};

let images: ConfiguredImage[];
let placements: Map<string, Placement>;
let host: Fixture;
let app: Awaited<ReturnType<typeof remappedApp>>["app"];

const q = (s: string) => encodeURIComponent(s);
const values = (p: { coordinates: { value: number }[] }) => p.coordinates.map((c) => c.value);

async function list(path: string): Promise<Page> {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

async function all(space: string, extra = ""): Promise<Voi[]> {
  const out: Voi[] = [];
  for (let page = 1; ; page++) {
    const body = await list(`/v3_0/feature/Image?space_id=${q(space)}${extra}&size=100&page=${page}`);
    out.push(...body.items);
    if (page >= body.pages) return out;
  }
}

beforeAll(async () => {
  images = await configuredImages();
  const fixture = imageRoutes(images);
  placements = fixture.placements;
  host = serveFixture(fixture.routes);
  app = (await remappedApp(HOST_RULES(host.origin))).app;
});
afterAll(() => host.stop());

describe("GET /v3_0/feature/Image", () => {
  test("without type: every image of the space (upstream: none), boxes read from the data host", async () => {
    const expected = images.filter((i) => i.doc.space["@id"] === BIGBRAIN);
    const items = await all("bigbrain");
    expect(items.length).toBe(expected.length);
    expect(new Set(items.map((i) => i.volume.providedVolumes["neuroglancer/precomputed"]))).toEqual(
      new Set(expected.map((i) => `${host.origin}${fixturePath(i.url)}`)),
    );
    for (const item of items) {
      const url =
        expected.find(
          (e) => `${host.origin}${fixturePath(e.url)}` === item.volume.providedVolumes["neuroglancer/precomputed"],
        )?.url ?? "";
      const p = placements.get(url) as Placement;
      expect(item["@type"]).toBe("siibra-2.0/feature/volume_of_interest");
      expect(item.anchor).toBeNull();
      expect(item.boundingbox.space["@id"]).toBe(BIGBRAIN);
      expect(values(item.boundingbox.minpoint)).toEqual(p.min);
      expect(values(item.boundingbox.maxpoint)).toEqual(p.max);
      expect(values(item.boundingbox.center)).toEqual(p.min.map((m, k) => (m + p.max[k]) / 2));
      expect(item.boundingbox.shape).toEqual(p.max.map((m, k) => m - p.min[k]));
    }
  });

  test("type → category as upstream: three types select a category, others an empty page", async () => {
    const bigbrain = images.filter((i) => i.doc.space["@id"] === BIGBRAIN);
    for (const [type, category] of [
      ["CellBodyStainedVolumeOfInterest", "cellular"],
      ["BlockfaceVolumeOfInterest", "macrostructural"],
      ["DTIVolumeOfInterest", "fibres"],
    ]) {
      const items = await all("bigbrain", `&type=${type}`);
      expect(items.length).toBe(bigbrain.filter((i) => CATEGORY[i.doc.modality] === category).length);
      expect(items.every((i) => i.category === category)).toBe(true);
    }
    for (const type of ["MRIVolumeOfInterest", "CellbodyStainedSection", "Image", "nonsense"]) {
      expect(await list(`/v3_0/feature/Image?space_id=bigbrain&type=${type}`)).toEqual({
        items: [],
        total: 0,
        page: 1,
        size: 50,
        pages: 0,
      });
    }
  });

  test("bbox keeps the images whose box overlaps it with a positive volume", async () => {
    const bigbrain = images.filter((i) => i.doc.space["@id"] === BIGBRAIN);
    const bbox = [
      [100.5, 1, 0.5],
      [102, 2, 1],
    ];
    const overlapping = bigbrain.filter((i) => {
      const p = placements.get(i.url) as Placement;
      return p.min[0] < 102 && p.max[0] > 100.5;
    });
    expect(overlapping.length).toBeGreaterThan(0);
    const items = await all("bigbrain", `&bbox=${q(JSON.stringify(bbox))}`);
    expect(items.map((i) => i.volume.providedVolumes["neuroglancer/precomputed"]).sort()).toEqual(
      overlapping.map((i) => `${host.origin}${fixturePath(i.url)}`).sort(),
    );
    // Corners in either order mean the same box.
    const swapped = await all("bigbrain", `&bbox=${q(JSON.stringify([bbox[1], bbox[0]]))}`);
    expect(swapped.length).toBe(overlapping.length);
  });

  test("boxes written in the configuration are served without fetching", async () => {
    const marmoset = images.filter((i) => i.doc.space["@id"].includes("MARMOSET"));
    const before = host.hits.size;
    const items = await all("marmoset");
    expect(items.length).toBe(marmoset.length);
    expect(host.hits.size).toBe(before);
    for (const img of marmoset) {
      const coords = (img.doc.boundingbox as { coordinates: number[][] }).coordinates;
      const served = `${host.origin}${fixturePath(img.url)}`;
      const item = items.find((i) => i.volume.providedVolumes["neuroglancer/precomputed"] === served);
      expect(values(item?.boundingbox.minpoint ?? { coordinates: [] })).toEqual(
        [0, 1, 2].map((k) => Math.min(coords[0][k], coords[1][k])),
      );
    }
  });

  test("ids, names, modalities and categories are siibra's (golden subset)", async () => {
    type G = { class: string; id: string; name: string; modality: string; category: string };
    const subset = (await golden<G[]>("features-subset.json")).filter((f) => /VolumeOfInterest|Section$/.test(f.class));
    expect(subset.length).toBeGreaterThan(30);
    const ours = new Map<string, Voi>();
    for (const space of ["bigbrain", "mni152", "marmoset", "mebrains"])
      for (const i of await all(space)) ours.set(i.id, i);
    for (const g of subset) {
      const item = ours.get(g.id);
      expect(item?.name).toBe(g.name);
      expect(item?.modality).toBe(g.modality);
      expect(item?.category).toBe(g.category);
    }
  });

  test("bad input is the client's error", async () => {
    for (const bbox of ["[[1,2,3]]", "nope", '[[1,2,3],[4,5,"x"]]']) {
      const res = await app.request(`/v3_0/feature/Image?space_id=bigbrain&bbox=${q(bbox)}`);
      expect(res.status).toBe(400);
    }
    expect((await app.request("/v3_0/feature/Image?space_id=nowhere")).status).toBe(404);
    expect((await app.request("/v3_0/feature/Image")).status).toBe(422);
  });
});

describe("GET /v3_0/feature/Image/{feature_id}", () => {
  test("the list item with that id; a miss is 404", async () => {
    const [first] = await all("mni152");
    const res = await app.request(`/v3_0/feature/Image/${q(first.id)}?space_id=${q(MNI152)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(first);
    const miss = await app.request(`/v3_0/feature/Image/nope?space_id=${q(MNI152)}`);
    expect(miss.status).toBe(404);
    expect(JSON.parse(((await miss.json()) as { message: string }).message)).toEqual({
      detail: "Cannot find item",
      error: "list index out of range",
    });
  });
});

describe("data host faults", () => {
  async function faultApp(routesFor: (path: string) => Record<string, { body: string; status?: number }>) {
    const mni = images.filter((i) => i.doc.space["@id"] === MNI152 && !i.hasBox);
    const routes = Object.assign({}, ...mni.map((i) => routesFor(fixturePath(i.url))));
    const fixture = serveFixture(routes);
    return { fixture, app: (await remappedApp(HOST_RULES(fixture.origin))).app };
  }

  async function envelope(a: { request: (p: string) => Response | Promise<Response> }, status: number) {
    const t0 = performance.now();
    const res = await a.request("/v3_0/feature/Image?space_id=mni152");
    const ms = performance.now() - t0;
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: boolean; status_code: number; message: string };
    expect(body.error).toBe(true);
    expect(body.status_code).toBe(status);
    const message = JSON.parse(body.message) as { detail: string; host: string; what: string };
    // The configured host and the feature whose box was being loaded.
    expect(message.host).toBe("neuroglancer.humanbrainproject.eu");
    expect(message.what).toMatch(/^feature \S+$/);
    expect(message.detail).toContain("neuroglancer.humanbrainproject.eu");
    return ms;
  }

  test("host down → 503, quickly", async () => {
    const origin = closedOrigin();
    const down = (await remappedApp(HOST_RULES(origin))).app;
    expect(await envelope(down, 503)).toBeLessThan(2000);
  });

  test("404, 500, garbage and a wrong info → 502", async () => {
    for (const [routesFor, status] of [
      [(p: string) => ({ [`${p}/info`]: { body: "not found", status: 404 } }), 502],
      [(p: string) => ({ [`${p}/info`]: { body: "\u0000\u0001garbage{" } }), 502],
      [(p: string) => ({ [`${p}/info`]: { body: JSON.stringify({ scales: [{ size: [1, 2] }] }) } }), 502],
      [(p: string) => ({ [`${p}/info`]: { body: "oops", status: 500 } }), 502],
    ] as const) {
      const { fixture, app: a } = await faultApp(routesFor);
      try {
        await envelope(a, status);
      } finally {
        fixture.stop();
      }
    }
  });

  test("slow host → 504 within the budget, and the service keeps answering", async () => {
    const hanging = serveHanging();
    try {
      const slow = (await remappedApp(HOST_RULES(hanging.origin))).app;
      expect(await envelope(slow, 504)).toBeLessThan(8000);
      expect((await slow.request("/v3_0/feature/Image?space_id=marmoset")).status).toBe(200);
    } finally {
      hanging.stop();
    }
  }, 15_000);
});

describe("GET /v3_0/feature/{feature_id} of an image", () => {
  test("the list item's id resolves: 0.4 VOI model with its anchor; plot 404; download zip", async () => {
    const [first] = await all("mni152");
    const res = await app.request(`/v3_0/feature/${q(first.id)}`);
    expect(res.status).toBe(200);
    const detail = (await res.json()) as Voi;
    expect(detail["@type"]).toBe("siibra-0.4/feature/volume_of_interest");
    expect(detail.id).toBe(first.id);
    expect(detail.boundingbox).toEqual(first.boundingbox);
    expect((detail.anchor as { location: unknown }).location).toEqual({
      "@type": "siibra-0.4/location/bbox",
      space: { "@id": MNI152 },
    });
    expect((await app.request(`/v3_0/feature/${q(first.id)}/plotly`)).status).toBe(404);
    const zip = await app.request(`/v3_0/feature/${q(first.id)}/download`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["README.md", "volume.txt"]);
  });
});

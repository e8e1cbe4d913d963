import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { unzipSync, strFromU8 } from "fflate";
import { serveFixture } from "../remote/fixture-server.ts";
import { configFiles, getJson, VOCAB_DIR } from "../_support/app.ts";
import {
  AREA44L,
  DATA_PROXY,
  JBA31,
  dataApp,
  fingerprintTsv,
  layerinfoTxt,
  matrixCsv,
  profileTsv,
  proxyPath,
  segmentsTxt,
  zipOf,
} from "../_support/feature-data-host.ts";
import type { Json, Routes } from "../_support/feature-data-host.ts";
import type { Fixture } from "../remote/fixture-server.ts";
import { plotlyIssues } from "../_support/plotly-validate.ts";

/**
 * For each kind of preconfigured feature: list → detail → plotly → download against a local data
 * host serving synthetic files in the real formats; every value is checked against the fixture.
 */
const enc = encodeURIComponent;
const ctx44 = `parcellation_id=${enc(JBA31)}&region_id=${enc(AREA44L)}`;
const HO = "https://identifiers.org/neurovault.image:1702";

type Item = { id: string; name: string; [k: string]: unknown };
type Page = { items: Item[]; total: number };
type FrameJson = { index: unknown[]; columns: unknown[]; data: (number | string | null)[][]; ndim: number };

let host: Fixture;
let app: Awaited<ReturnType<typeof dataApp>>["app"];
const routes: Routes = {};
const docsById = new Map<string, Json>();
const docsByPath = new Map<string, Json>();

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

async function list(path: string): Promise<Item[]> {
  const res = await getJson(app, path);
  expect(res.status).toBe(200);
  return (res.body as Page).items;
}

async function detail(id: string, query = ""): Promise<Json> {
  const res = await getJson(app, `/v3_0/feature/${enc(id)}${query}`);
  if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
  return res.body as Json;
}

async function plot(id: string, query = "?template=plotly_dark"): Promise<{ data: Json[]; layout: Json }> {
  const res = await getJson(app, `/v3_0/feature/${enc(id)}/plotly${query}`);
  if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
  const figure = res.body as { data: Json[]; layout: Json };
  // Every figure must be one plotly.js accepts: no key outside its schema.
  expect(plotlyIssues(figure)).toEqual([]);
  return figure;
}

async function download(id: string): Promise<Record<string, string>> {
  const res = await app.request(`/v3_0/feature/${enc(id)}/download`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  const quoted = enc(`download-${id}.zip`).replaceAll("%2F", "/");
  expect(res.headers.get("content-disposition")).toBe(`attachment; filename*=utf-8''${quoted}`);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

const serve = (url: string, body: string | Uint8Array<ArrayBuffer>) => {
  routes[proxyPath(url)] = { body };
};

beforeAll(async () => {
  for (const [path, raw] of (await configFiles()).files) {
    if (!path.startsWith("features/")) continue;
    const d = raw as Json;
    docsByPath.set(path, d);
    if (typeof d["@id"] === "string") docsById.set(d["@id"], d);
  }
  // Routes are filled by the tests' setup below, before the host is asked anything.
  host = serveFixture(routes);
  app = (await dataApp(host.origin)).app;
});

afterAll(() => host.stop());

describe("ReceptorDensityFingerprint", () => {
  const rows: [string, number, number][] = [
    ["AMPA", 400.5, 50.25],
    ["kainate", 600, 70.125],
    ["XYZ-unknown", 12, 1.5],
  ];
  let id = "";

  test("list → detail: values, receptors and neurotransmitters from the file", async () => {
    const items = await list(`/v3_0/feature/Tabular?${ctx44}&type=ReceptorDensityFingerprint`);
    expect(items.length).toBeGreaterThan(0);
    id = items[0].id;
    const d = docsById.get(id) as Json;
    serve(String(d.file), fingerprintTsv(rows));
    const body = await detail(id);
    expect(body["@type"]).toBe("siibra-0.4/feature/tabular/receptor_density_fp");
    const data = body.data as FrameJson;
    expect(data).toEqual({
      "@type": null,
      index: rows.map((r) => r[0]),
      columns: ["mean", "std"],
      ndim: 2,
      data: rows.map((r) => [r[1], r[2]]),
    } as unknown as FrameJson);
    expect(body.receptors).toEqual(rows.map((r) => r[0]));
    const symbols = (await Bun.file(`${VOCAB_DIR}/receptor_symbols.json`).json()) as Record<
      string,
      { neurotransmitter: { label: string; name: string } }
    >;
    expect(body.neurotransmitters).toEqual([
      `${symbols.AMPA.neurotransmitter.label} (${symbols.AMPA.neurotransmitter.name})`,
      `${symbols.kainate.neurotransmitter.label} (${symbols.kainate.neurotransmitter.name})`,
      "XYZ-unknown (undeciphered)",
    ]);
    const anchor = body.anchor as Json;
    expect(anchor["@type"]).toBe("siibra-0.4/anchor");
    expect((anchor.regions as Json[]).some((r) => (r.region as Json).name === "Area 44 (IFG)")).toBe(true);
    expect(anchor.last_match_description).toBe("");
  });

  test("detail in context reports the match", async () => {
    const res = await getJson(app, `/v3_0/feature/Tabular/${enc(id)}?${ctx44}`);
    expect(res.status).toBe(200);
    const anchor = (res.body as Json).anchor as Json;
    expect(anchor.last_match_description).toBe("'Area 44 (IFG)' contains 'Area 44 (IFG) left'");
    expect((anchor.last_match_result as Json[])[0].qualification).toBe("CONTAINS");
    const miss = await getJson(app, `/v3_0/feature/Tabular/not-an-id?${ctx44}`);
    expect(miss.status).toBe(404);
    expect(JSON.parse((miss.body as Json).message as string)).toEqual({
      detail: "Cannot find item",
      error: "list index out of range",
    });
  });

  test("plotly: a bar per receptor with the std as error bars, in the asked template", {
    timeout: 30_000,
  }, async () => {
    const fig = await plot(id);
    expect(fig.data).toHaveLength(1);
    expect(fig.data[0].type).toBe("bar");
    expect(fig.data[0].x).toEqual(rows.map((r) => r[0]));
    expect(fig.data[0].y).toEqual(rows.map((r) => r[1]));
    expect(fig.data[0].error_y).toEqual({ array: rows.map((r) => r[2]) });
    expect(((fig.layout.yaxis as Json).title as Json).text).toBe("mean &plusmn; std fmol/mg");
    const dark = (fig.layout.template as Json).layout as Json;
    expect(dark.paper_bgcolor).toBe("rgb(17,17,17)");
    const none = await plot(id, "?template=none");
    expect(none.layout.template).toBeUndefined();
  });

  test("download: README and the table as CSV", async () => {
    const files = await download(id);
    expect(Object.keys(files).sort()).toEqual(["README.md", "tabular.csv"]);
    expect(files["tabular.csv"]).toBe(
      "receptor,mean,std\nAMPA,400.5,50.25\nkainate,600.0,70.125\nXYZ-unknown,12.0,1.5\n",
    );
    expect(files["README.md"]).toContain("ReceptorDensityFingerprint (Neurotransmitter receptor density)");
  });
});

describe("ReceptorDensityProfile", () => {
  test("detail, plot and download from the profile TSV", async () => {
    const items = await list(`/v3_0/feature/CorticalProfile?${ctx44}&type=ReceptorDensityProfile`);
    const id = items[0].id;
    const d = docsById.get(id) as Json;
    const values = Array.from({ length: 101 }, (_, i) => 100 + i * 2.5);
    serve(String(d.file), profileTsv(values, "fmol/mg"));
    const body = await detail(id);
    expect(body["@type"]).toBe("siibra-0.4/feature/tabular/cortical_profile");
    const data = body.data as FrameJson;
    expect(data.index).toEqual(values.map((_, i) => i / 100));
    expect(data.columns).toEqual([`${body.modality} (fmol/mg)`]);
    expect(data.data).toEqual(values.map((v) => [v]));
    expect(body.unit).toBe("fmol/mg");
    expect(body.boundary_positions).toEqual({});
    expect(body.boundaries_mapped).toBe(false);
    const ctx = await getJson(app, `/v3_0/feature/CorticalProfile/${enc(id)}?${ctx44}`);
    expect(ctx.status).toBe(200);
    const fig = await plot(id, "");
    expect(fig.data[0].type).toBe("scatter");
    expect(fig.data[0].y).toEqual(values);
    expect((fig.layout.yaxis as Json).range).toEqual([0, Math.max(...values)]);
    const files = await download(id);
    expect(files["tabular.csv"].split("\n")[1]).toBe("0.0,100.0");
  });
});

describe("LayerwiseCellDensity", () => {
  test("mean and std over the samples of cells per layer area", async () => {
    const items = await list(`/v3_0/feature/Tabular?${ctx44}&type=LayerwiseCellDensity`);
    const id = items[0].id;
    const d = docsById.get(id) as Json;
    const segs = d.segmentfiles as string[];
    const lays = d.layerfiles as string[];
    const expected: number[][] = [];
    segs.forEach((url, s) => {
      // Sample s: layer l holds (l + s) cells over an area of 1000·l µm².
      const cells: [number, number, number][] = [];
      for (let l = 1; l <= 6; l++) for (let k = 0; k < l + s; k++) cells.push([k, l * 10, l]);
      serve(url, segmentsTxt(cells));
      serve(lays[s], layerinfoTxt([1, 2, 3, 4, 5, 6].map((l) => [l, 1000 * l])));
      expected.push([1, 2, 3, 4, 5, 6].map((l) => ((l + s) / (1000 * l)) * 100 ** 2 * 5));
    });
    const body = await detail(id);
    const data = body.data as FrameJson;
    expect(data.index).toEqual(["I", "II", "III", "IV", "V", "VI"]);
    data.data.forEach((row, l) => {
      const xs = expected.map((e) => e[l]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(close(row[0] as number, mean)).toBe(true);
      expect(close(row[1] as number, std)).toBe(true);
    });
    const fig = await plot(id);
    expect(fig.data[0].x).toEqual(["I", "II", "III", "IV", "V", "VI"]);
  });
});

describe("CellDensityProfile", () => {
  test("uniform cells between horizontal boundaries: flat profile, boundaries at their relative depths", async () => {
    const items = await list(`/v3_0/feature/CorticalProfile?${ctx44}&type=CellDensityProfile`);
    const id = items[0].id;
    const url = String((docsById.get(id) as Json).file);
    const cells: [number, number, number][] = [];
    for (let y = 0; y <= 1200; y += 10) for (let x = 0; x <= 1000; x += 10) cells.push([x, y, 1]);
    serve(url, segmentsTxt(cells));
    const ys = [100, 200, 300, 500, 700, 800, 900];
    const names = ["0", "I_II", "II_III", "III_IV", "IV_V", "V_VI", "VI_WM"];
    names.forEach((n, k) => {
      serve(
        url.replace("segments.txt", `${n}.json`),
        JSON.stringify({
          segments: [
            [0, ys[k]],
            [500, ys[k]],
            [1000, ys[k]],
          ],
        }),
      );
    });
    const body = await detail(id);
    const positions = body.boundary_positions as Record<string, number>;
    const keys = ["0-1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7"];
    expect(Object.keys(positions)).toEqual(keys);
    keys.forEach((k, i) => {
      expect(Math.abs(positions[k] - (ys[i] - ys[0]) / (ys[6] - ys[0]))).toBeLessThan(0.03);
    });
    expect(body.boundaries_mapped).toBe(true);
    // 100 cells per 100 µm bin → cells / 0.1 mm³ with 20 µm sections and BigBrain's shrinkage.
    const perBin = ((100 / 100 ** 2 / 20) * 100 ** 3) / Math.cbrt(1.931) ** 2;
    const data = body.data as FrameJson;
    expect(data.index).toHaveLength(100);
    for (let k = 10; k < 90; k++) expect(Math.abs((data.data[k][0] as number) / perBin - 1)).toBeLessThan(0.12);
    const fig = await plot(id);
    expect((fig.layout.shapes as Json[]).length).toBe(6);
  });
});

describe("RegionalConnectivity (StreamlineCounts, 200 subjects)", () => {
  let id = "";
  let d: Json;
  const value = (s: number, i: number, j: number) => (s + i + 2 * j) % 11;

  test("subject matrix, average over subjects, region labels", { timeout: 60_000 }, async () => {
    const items = await list(`/v3_0/feature/RegionalConnectivity?parcellation_id=${enc(HO)}&type=StreamlineCounts`);
    id = items[0].id;
    d = [...docsByPath.entries()].find(([p]) =>
      p.endsWith("harvardoxford_cort_maxprob_thr0_streamlinecounts_hcp.json"),
    )?.[1] as Json;
    const files = d.files as Record<string, string>;
    const names = d.regions as string[];
    const subjects = Object.keys(files).sort();
    const members: Record<string, string> = {};
    subjects.forEach((s, k) => {
      members[files[s]] = matrixCsv(names.length, (i, j) => value(k, i, j), " ");
    });
    serve(String((d.repository as Json).url), zipOf(members));

    const one = await getJson(
      app,
      `/v3_0/feature/RegionalConnectivity/${enc(id)}?parcellation_id=${enc(HO)}&subject=001`,
    );
    expect(one.status).toBe(200);
    const m1 = ((one.body as Json).matrices as Record<string, FrameJson>)["001"];
    expect(m1.data[3][5]).toBe(value(1, 3, 5));
    expect(m1.columns.map((c) => (c as Json).name)).toEqual(names);

    const avg = await detail(id);
    const mean = ((avg.matrices as Record<string, FrameJson>)._average as FrameJson).data;
    for (const [i, j] of [
      [0, 0],
      [4, 7],
      [95, 95],
    ]) {
      const xs = subjects.map((_, k) => value(k, i, j));
      expect(close(mean[i][j] as number, xs.reduce((a, b) => a + b, 0) / xs.length)).toBe(true);
    }
    const bad = await getJson(
      app,
      `/v3_0/feature/RegionalConnectivity/${enc(id)}?parcellation_id=${enc(HO)}&subject=nobody`,
    );
    expect(bad.status).toBe(400);
  });

  test("plotly heat map with region names; download has one matrix per subject", { timeout: 60_000 }, async () => {
    const fig = await plot(id, "?template=plotly_white");
    expect(fig.data[0].type).toBe("heatmap");
    expect(fig.data[0].x).toEqual(d.regions);
    expect(((fig.data[0].z as number[][])[2] as number[]).length).toBe((d.regions as string[]).length);
    const files = await download(id);
    expect(Object.keys(files).filter((f) => f.startsWith("sub/"))).toHaveLength(Object.keys(d.files as Json).length);
    const row = files["sub/000/matrix.csv"].split("\n")[1].split(",");
    expect(Number(row[2])).toBe(value(0, 0, 1));
  });
});

describe("Marmoset tables and the retrograde tracer matrix", () => {
  test("MarmosetCalbindinDensityProfile: the zipped CSV as a typed table, percentile plot", async () => {
    const id = "marmoset-nencki-monash-template--calbindin-profile-A1-2";
    const d = docsById.get(id) as Json;
    const header = "case_id,depth,density_5,density_25,density_50,density_75,density_95";
    const lines = ["CJ1", "CJ2", "CJ3"].flatMap((c, k) =>
      [0, 0.5, 1].map((depth) => `${c},${depth},${k + 1},${k + 2},${k + 3},${k + 4},${k + 5}`),
    );
    serve(String((d.repository as Json).url), zipOf({ [String(d.file)]: `${header}\n${lines.join("\n")}\n` }));
    const body = await detail(id);
    const data = body.data as FrameJson;
    expect(data.columns).toEqual(header.split(","));
    expect(data.index).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(data.data[4]).toEqual(["CJ2", 0.5, 2, 3, 4, 5, 6]);
    const fig = await plot(id);
    expect(fig.data).toHaveLength(15);
  });

  test("InterarealConnectivityMatrix: regions as labels, plot per injected area", async () => {
    const id = "1a19693d-d99f-4789-b1ae-8ab5f0bb6432--1471ca4cd41599a13c97b4ca41607529";
    const d = docsById.get(id) as Json;
    const names = d.regions as string[];
    const n = names.length;
    const csv = `${names.join(",")}\n${matrixCsv(n, (i, j) => (i === j ? 0 : 10 ** -((i + j) % 5)))}`;
    serve(String((d.repository as Json).url), zipOf({ "MBCA_1_0.csv": csv }));
    const body = await detail(id);
    const data = body.data as FrameJson;
    expect(data.data).toHaveLength(n);
    expect(data.data[1][2]).toBe(10 ** -3);
    const target = (data.columns[0] as Json).name as string;
    const fig = await plot(id, `?template=plotly&regions=${enc(target)}`);
    const xs = fig.data[0].y as number[];
    expect(xs.every((x, i) => i === 0 || x >= xs[i - 1])).toBe(true);
    expect(xs.length).toBe(n - 1);
  });
});

describe("decoded data cache", () => {
  test("asking again fetches nothing from the data host", async () => {
    const before = new Map(Object.keys(routes).map((p) => [p, host.hitsFor(p)]));
    expect([...before.values()].every((n) => n >= 1)).toBe(true);
    const ids = ["marmoset-nencki-monash-template--calbindin-profile-A1-2"];
    const items = await list(`/v3_0/feature/Tabular?${ctx44}&type=ReceptorDensityFingerprint`);
    ids.push(items[0].id);
    for (const id of ids) await detail(id);
    for (const [path, n] of before) expect([path, host.hitsFor(path)]).toEqual([path, n]);
    expect(DATA_PROXY).toBe("https://data-proxy.ebrains.eu/");
  });
});

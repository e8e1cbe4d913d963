/** Bad or missing remote volume data: clear 502/503 envelopes, never a 500 or a hang. */
import { afterEach, describe, expect, test } from "bun:test";
import { DIMS, JBA31, MNI152, SROW, fixturePath, jbaData, mm, serveJba, volumeApp } from "../volumes/_jba-fixture.ts";
import { niftiBytes, niftiGz } from "../_support/nifti-fixture.ts";
import { closedOrigin, serveFixture } from "../remote/fixture-server.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";

const q = encodeURIComponent;
const base = `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`;
const LEFT =
  "https://data-proxy.ebrains.eu/api/v1/public/buckets/d-f1fe19e8-99bd-44bc-9616-a52850680777/maximum-probability-maps_MPMs_207-areas/JulichBrainAtlas_3.1_207areas_MPM_lh_MNI152.nii.gz";
const labelledAssign = `/v3_0/map/assign?${base}&assignment_type=labelled&point=${q("0mm,0mm,0mm")}`;

let fixture: Fixture | null = null;
afterEach(() => fixture?.stop());

async function withLeft(route: Route) {
  const served = await serveJba({ [fixturePath(LEFT)]: route });
  fixture = served.fixture;
  return served.app;
}

async function envelope(res: Response) {
  const body = (await res.json()) as { error: boolean; status_code: number; message: string };
  return { status: res.status, body, detail: JSON.parse(body.message) as { detail: string; host?: string } };
}

describe("undecodable volume files → 502 naming the file", () => {
  const good = niftiBytes({ dims: DIMS, datatype: 4, values: new Int16Array(DIMS[0] * DIMS[1] * DIMS[2]), srow: SROW });
  const corruptGzip = niftiGz({ dims: DIMS, datatype: 4, values: new Int16Array(960), srow: SROW });
  corruptGzip.fill(0x55, 12, 40);
  const cases: [string, Uint8Array<ArrayBuffer>][] = [
    ["corrupt gzip", corruptGzip],
    ["truncated gzip", niftiGz({ dims: DIMS, datatype: 4, values: new Int16Array(960), srow: SROW }).slice(0, 30)],
    ["truncated voxel data", new Uint8Array(Bun.gzipSync(good.slice(0, 1000)))],
    [
      "dimensions larger than the data",
      new Uint8Array(Bun.gzipSync(niftiBytes({ dims: [4000, 4000, 4000], datatype: 4, values: [], srow: SROW }))),
    ],
    ["unknown datatype (RGB)", niftiGz({ dims: DIMS, datatype: 128, values: new Uint8Array(960), srow: SROW })],
    ["not NIfTI at all", new TextEncoder().encode("<html>maintenance</html>")],
  ];
  for (const [name, body] of cases) {
    test(name, async () => {
      const app = await withLeft({ body });
      const res = await envelope(await app.request(labelledAssign));
      expect(res.status).toBe(502);
      expect(res.body.status_code).toBe(502);
      expect(res.detail.detail).toContain("JulichBrainAtlas_3.1_207areas_MPM_lh_MNI152.nii.gz");
      expect(res.detail.host).toBe("data-proxy.ebrains.eu");
    });
  }
});

describe("failing data hosts → 502 (error status) / 503 (down), never memoised", () => {
  test("the data host answers 404 / is down", async () => {
    const app404 = await withLeft({ body: "gone", status: 404 });
    expect((await app404.request(labelledAssign)).status).toBe(502);
    const down = await volumeApp({ origin: closedOrigin() });
    expect((await down.request(labelledAssign)).status).toBe(503);
    expect(
      (await down.request(`/v3_0/map/statistical_map.nii.gz?${base}&region_id=${q("Area 44 (IFG) left")}`)).status,
    ).toBe(503);
  });

  test("bestViewPoint: an error while the host fails, computed once it is back", async () => {
    const { routes } = await jbaData();
    const healthy = routes[fixturePath(LEFT)];
    routes[fixturePath(LEFT)] = { body: "busy", status: 503 };
    fixture = serveFixture(routes);
    const app = await volumeApp(fixture);
    const path = `/v3_0/regions/${q("Area 44 (IFG) left")}?${base}`;
    expect((await app.request(path)).status).toBe(502);
    routes[fixturePath(LEFT)] = healthy;
    const res = await app.request(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { hasAnnotation: { bestViewPoint: { coordinates: { value: number }[] } } };
    expect(body.hasAnnotation.bestViewPoint.coordinates.map((c) => c.value)).toEqual(mm(1.5, 1.5, 1.5));
  });
});

/**
 * The voxel routes of `/map` and `bestViewPoint`, on synthetic JBA 3.1 / MNI152 files served at the
 * configuration's URLs (tests/volumes/_jba-fixture.ts). Returned files are decoded with
 * nifti-reader-js, not with the code under test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readHeader, readImage } from "nifti-reader-js";
import { DIMS, JBA31, MNI152, N, mm, serveJba } from "../volumes/_jba-fixture.ts";
import type { App } from "../../src/app.ts";
import type { JbaData } from "../volumes/_jba-fixture.ts";
import type { Fixture } from "../remote/fixture-server.ts";

const q = encodeURIComponent;
const base = `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`;
let app: App;
let data: JbaData;
let fixture: Fixture;

beforeAll(async () => {
  ({ app, data, fixture } = await serveJba());
});
afterAll(() => fixture.stop());

async function nifti(path: string) {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  const raw = new Uint8Array(await res.arrayBuffer());
  const plain = new Uint8Array(Bun.gunzipSync(raw));
  const header = readHeader(plain.buffer);
  const image = readImage(header, plain.buffer);
  return { res, header, image };
}

const point = (p: number[]) => p.map((v) => `${v}mm`).join(",");

async function assign(p: number[], type?: string) {
  const res = await app.request(
    `/v3_0/map/assign?${base}&point=${q(point(p))}${type ? `&assignment_type=${type}` : ""}`,
  );
  return {
    status: res.status,
    body: (await res.json()) as {
      "@type"?: null;
      columns: string[];
      index: number[];
      ndim: number;
      data: unknown[][];
    },
  };
}

describe("/map/assign", () => {
  test("labelled: the label at the point's voxel → region name; columns are strings incl. region and map_value", async () => {
    const p = mm(2, 1, 2);
    const { status, body } = await assign(p, "labelled");
    expect(status).toBe(200);
    expect(body.columns).toEqual(["input_structure_index", "centroid", "map_value", "region"]);
    expect(body.data).toEqual([[0, p, 59, "Area 44 (IFG) left"]]);
    expect(body.index).toEqual([0]);
    expect(body.ndim).toBe(2);
  });

  test("labelled: each hemisphere file is read with its own fragment's labels", async () => {
    const { body } = await assign(mm(8, 3, 3), "labelled");
    expect(body.data).toEqual([[0, mm(8, 3, 3), 59, "Area 44 (IFG) right"]]);
    // The conflicting voxel carries a label in both files: one row each.
    const both = await assign(mm(4, 5, 2), "labelled");
    expect(both.body.data.map((r) => r[3])).toEqual(["Area 45 (IFG) left", "Area 44 (IFG) right"]);
  });

  test("points snap to the nearest voxel (within half a voxel)", async () => {
    const [x, y, z] = mm(2, 2, 2);
    const { body } = await assign([x + 0.9, y - 0.9, z + 0.4], "labelled");
    expect(body.data.map((r) => r[2])).toEqual([59]);
  });

  test("statistical (the default): every region with a probability at the point, highest first", async () => {
    const { status, body } = await assign(mm(3, 5, 2));
    expect(status).toBe(200);
    expect(body.data).toEqual([
      [0, mm(3, 5, 2), 0.625, "Area 45 (IFG) left"],
      [0, mm(3, 5, 2), 0.5, "Area 44 (IFG) left"],
    ]);
    expect(body.index).toEqual([0, 1]);
  });

  test("statistical: NaN and infinite voxels carry no probability", async () => {
    expect((await assign(mm(0, 0, 0))).body.data).toEqual([]);
    expect((await assign(mm(9, 11, 7))).body.data).toEqual([]);
  });

  test("points outside the volume or where nothing is mapped: no rows", async () => {
    expect((await assign([500, 500, 500])).body).toEqual({
      "@type": null,
      index: [],
      columns: ["input_structure_index", "centroid", "map_value", "region"],
      ndim: 2,
      data: [],
    });
    expect((await assign([-500, 0, 0], "labelled")).body.data).toEqual([]);
  });

  test("malformed points, other units → 422 envelope naming the parameter", async () => {
    for (const bad of ["1mm,2mm", "a,b,c", "1mm,2mm,3mm,4mm", "1cm,2cm,3cm", "1,2,3", "", "1mm,2mm,nanmm"]) {
      const res = await app.request(`/v3_0/map/assign?${base}&point=${q(bad)}`);
      expect(res.status).toBe(422);
      const envelope = (await res.json()) as { error: boolean; message: string };
      expect(envelope.error).toBe(true);
      expect(JSON.parse(envelope.message).detail[0].loc).toEqual(["query", "point"]);
    }
    const missing = await app.request(`/v3_0/map/assign?${base}`);
    expect(missing.status).toBe(422);
  });

  test("no statistical map for the parcellation in the space → 404 (the client retries labelled)", async () => {
    const jba29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";
    const bigbrain = "minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588";
    const res = await app.request(
      `/v3_0/map/assign?parcellation_id=${q(jba29)}&space_id=${q(bigbrain)}&point=1mm,2mm,3mm`,
    );
    expect(res.status).toBe(404);
  });
});

describe("/map/statistical_map.nii.gz and .info.json", () => {
  test("the region's probability map, voxel for voxel, with its affine; upstream's headers", async () => {
    const { res, header, image } = await nifti(
      `/v3_0/map/statistical_map.nii.gz?${base}&region_id=${q("Area 44 (IFG) left")}`,
    );
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="statistical_map.nii.gz"');
    expect(header.dims.slice(0, 4)).toEqual([3, ...DIMS]);
    expect(header.affine.slice(0, 3).flat()).toEqual([2, 0, 0, -10, 0, 2, 0, -12, 0, 0, 2, -8]);
    expect(Array.from(new Float32Array(image))).toEqual(
      Array.from(data.probabilities.get("Area 44 (IFG) - left hemisphere") as Float32Array),
    );
  });

  test("info: min and max over all voxels (non-finite voxels skipped)", async () => {
    for (const [name, key] of [
      ["Area 44 (IFG) left", "Area 44 (IFG) - left hemisphere"],
      ["Area 45 (IFG) left", "Area 45 (IFG) - left hemisphere"],
    ]) {
      const res = await app.request(`/v3_0/map/statistical_map.info.json?${base}&region_id=${q(name)}`);
      expect(res.status).toBe(200);
      const finite = Array.from(data.probabilities.get(key) as Float32Array).filter(Number.isFinite);
      expect(await res.json()).toEqual({ min: Math.min(...finite), max: Math.max(...finite) });
    }
  });

  test("a parent of several mapped regions → 400 (ambiguous); unknown region → 404; missing → 422", async () => {
    const parent = await app.request(`/v3_0/map/statistical_map.info.json?${base}&region_id=${q("Area 44 (IFG)")}`);
    expect(parent.status).toBe(400);
    expect(await parent.text()).toContain("matches multiple mapped structures");
    expect((await app.request(`/v3_0/map/statistical_map.nii.gz?${base}&region_id=nothing-like-this`)).status).toBe(
      404,
    );
    expect((await app.request(`/v3_0/map/statistical_map.nii.gz?${base}`)).status).toBe(422);
  });
});

describe("/map/labelled_map.nii.gz", () => {
  test("whole map: hemisphere files merged, the later file winning where both are labelled", async () => {
    const { res, header, image } = await nifti(`/v3_0/map/labelled_map.nii.gz?${base}`);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="labelled_map.nii.gz"');
    expect(header.dims.slice(1, 4)).toEqual(DIMS);
    const expected = Array.from(data.left).map((v, n) => (data.right[n] !== 0 ? data.right[n] : v));
    expect(Array.from(new Int16Array(image))).toEqual(expected);
  });

  test("region mask: a leaf's voxels in its own hemisphere file", async () => {
    const { header, image } = await nifti(`/v3_0/map/labelled_map.nii.gz?${base}&region_id=${q("Area 44 (IFG) left")}`);
    expect(header.datatypeCode).toBe(2);
    expect(Array.from(new Uint8Array(image))).toEqual(Array.from(data.left).map((v) => (v === 59 ? 1 : 0)));
  });

  test("region mask of a parent: its children merged", async () => {
    const { image } = await nifti(`/v3_0/map/labelled_map.nii.gz?${base}&region_id=${q("Area 44 (IFG)")}`);
    const expected = Array.from({ length: N }, (_, n) => (data.left[n] === 59 || data.right[n] === 59 ? 1 : 0));
    expect(Array.from(new Uint8Array(image))).toEqual(expected);
  });
});

describe("/map/resampled_template", () => {
  test("the template on the labelled map's grid (same grid: the template values)", async () => {
    const { res, image } = await nifti(`/v3_0/map/resampled_template?${base}`);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="labelled_map.nii.gz"');
    expect(Array.from(new Float32Array(image))).toEqual(Array.from(data.template));
  });
});

describe("/regions/{region_id}?space_id= bestViewPoint", () => {
  test("centroid of the largest connected component, in mm", async () => {
    const res = await app.request(`/v3_0/regions/${q("Area 44 (IFG) left")}?${base}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      hasAnnotation: { bestViewPoint: { coordinateSpace: unknown; coordinates: { value: number }[] } };
    };
    // The 2×2×2 block at voxels 1..2 (mean 1.5) beats the isolated voxel.
    expect(body.hasAnnotation.bestViewPoint.coordinates.map((c) => c.value)).toEqual(mm(1.5, 1.5, 1.5));
    expect(body.hasAnnotation.bestViewPoint.coordinateSpace).toEqual({ "@id": MNI152 });
  });

  test("a parent region: the largest component of the merged children", async () => {
    const res = await app.request(`/v3_0/regions/${q("Area 44 (IFG)")}?${base}`);
    const body = (await res.json()) as { hasAnnotation: { bestViewPoint: { coordinates: { value: number }[] } } };
    expect(body.hasAnnotation.bestViewPoint.coordinates.map((c) => c.value)).toEqual(mm(1.5, 1.5, 1.5));
  });

  test("not mapped in the space → null; memoised (one download per file)", async () => {
    const bigbrain = "minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588";
    const res = await app.request(
      `/v3_0/regions/${q("Area 44 (IFG) left")}?parcellation_id=${q(JBA31)}&space_id=${q(bigbrain)}`,
    );
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { hasAnnotation: { bestViewPoint: unknown } }).hasAnnotation.bestViewPoint,
    ).toBeNull();
    // Every route above read the two hemisphere files: downloaded and decoded once.
    const labelled = [...fixture.hits].filter(([path]) => path.includes("MPM_"));
    expect(labelled.map(([, hits]) => hits)).toEqual([1, 1]);
  });
});

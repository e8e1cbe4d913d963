/**
 * `/atlas_download` bound to the volume layer: the zip's maps and template are real NIfTI files built
 * from synthetic Julich-Brain 3.1 / MNI152 data served at the configuration's URLs
 * (tests/volumes/_jba-fixture.ts). Files are decoded with nifti-reader-js, not with the code under test.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { readHeader, readImage } from "nifti-reader-js";
import { DIMS, JBA31, MNI152, serveJba } from "../volumes/_jba-fixture.ts";
import type { App } from "../../src/app.ts";
import { at } from "../_support/nifti-fixture.ts";
import type { JbaData } from "../volumes/_jba-fixture.ts";
import type { Fixture } from "../remote/fixture-server.ts";

const q = encodeURIComponent;
let app: App;
let data: JbaData;
let fixture: Fixture;
beforeAll(async () => {
  ({ app, data, fixture } = await serveJba());
});
afterAll(() => fixture.stop());

function nifti(gz: Uint8Array) {
  const plain = new Uint8Array(Bun.gunzipSync(new Uint8Array(gz)));
  const header = readHeader(plain.buffer);
  return { header, image: readImage(header, plain.buffer) };
}

async function bundle(query: string): Promise<Record<string, Uint8Array>> {
  const { task_id } = (await (await app.request(`/v3_0/atlas_download?${query}`)).json()) as { task_id: string };
  for (let i = 0; i < 500; i++) {
    const poll = await app.request(`/v3_0/atlas_download/${task_id}`);
    expect(poll.status).toBe(200);
    if (((await poll.json()) as { status: string }).status === "SUCCESS") break;
    await Bun.sleep(10);
  }
  const res = await app.request(`/v3_0/atlas_download/${task_id}/download`);
  expect(res.status).toBe(200);
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

describe("/atlas_download with the volume layer (synthetic JBA 3.1 in MNI152)", () => {
  test("the region's probability map, the labelled map and the template cut to bbox are NIfTI files", async () => {
    const bbox = "[[-10,-12,-8],[-2,-4,-2]]";
    const entries = await bundle(
      `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}&region_id=${q("Area 44 (IFG) left")}&bbox=${q(bbox)}`,
    );
    const names = Object.keys(entries);
    expect(names.filter((n) => n.endsWith(".error.txt"))).toEqual([]);

    const stat = nifti(entries["AREA_44_IFG_LEFT.nii.gz"]);
    expect([stat.header.dims[1], stat.header.dims[2], stat.header.dims[3]]).toEqual(DIMS);
    expect([...new Float32Array(stat.image)]).toEqual([
      ...(data.probabilities.get("Area 44 (IFG) - left hemisphere") as Float32Array),
    ]);

    const labelled = nifti(entries["JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz"]);
    expect([labelled.header.dims[1], labelled.header.dims[2], labelled.header.dims[3]]).toEqual(DIMS);
    // Hemisphere files merged, the later (right) file winning where both are labelled.
    const merged = Array.from(data.left).map((v, n) => (data.right[n] !== 0 ? data.right[n] : v));
    expect(Array.from(new Int16Array(labelled.image))).toEqual(merged);

    const template = nifti(entries["MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz"]);
    // [-10, -2] × [-12, -4] × [-8, -2] mm on the 2 mm grid starting at (-10, -12, -8): voxels 0–4 × 0–4 × 0–3.
    expect([template.header.dims[1], template.header.dims[2], template.header.dims[3]]).toEqual([5, 5, 4]);
    const cut: number[] = [];
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) cut.push(data.template[at(DIMS, i, j, k)]);
    expect(Array.from(new Float32Array(template.image))).toEqual(cut);
    const info = strFromU8(entries["AREA_44_IFG_LEFT.nii.gz.info.md"]);
    expect(info).toStartWith(
      "name:\n---\n\nStatistical map of Area 44 (IFG) left in MNI 152 ICBM 2009c Nonlinear Asymmetric\n",
    );
  });
});

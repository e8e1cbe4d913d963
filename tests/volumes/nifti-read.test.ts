import { describe, expect, test } from "bun:test";
import { parseNifti } from "../../src/volumes/nifti-read.ts";
import { encodeNifti } from "../../src/volumes/nifti-write.ts";
import { VolumeDataError } from "../../src/volumes/errors.ts";
import { niftiBytes } from "../_support/nifti-fixture.ts";
import { thrown } from "../_support/thrown.ts";

const dims: [number, number, number] = [3, 4, 5];
const values = Array.from({ length: 60 }, (_, n) => (n * 7) % 23);
const srow = [2, 0, 0, -10, 0, 3, 0, 20, 0, 0, 0.5, -4];

describe("parseNifti", () => {
  test("reads every supported datatype, in file order, with the sform affine", () => {
    for (const datatype of [2, 4, 8, 16, 64, 256, 512, 768]) {
      const img = parseNifti(niftiBytes({ dims, datatype, values, srow }), "x");
      expect(img.dims).toEqual(dims);
      expect(Array.from(img.data)).toEqual(values);
      expect(img.affine).toEqual([...srow, 0, 0, 0, 1]);
    }
  });

  test("big-endian files are byte-swapped", () => {
    const img = parseNifti(niftiBytes({ dims, datatype: 4, values, srow, bigEndian: true }), "x");
    expect(Array.from(img.data)).toEqual(values);
    expect(img.affine).toEqual([...srow, 0, 0, 0, 1]);
  });

  test("scl_slope/scl_inter are applied as nibabel does", () => {
    const img = parseNifti(niftiBytes({ dims, datatype: 4, values, slope: 0.5, inter: 1 }), "x");
    expect(Array.from(img.data)).toEqual(values.map((v) => v * 0.5 + 1));
  });

  test("qform only: rotation from the quaternion, zooms, qfac and offset", () => {
    // 90° about z: b = c = 0, d = sin(45°); x' = -y, y' = x.
    const d = Math.SQRT1_2;
    const img = parseNifti(
      niftiBytes({
        dims,
        datatype: 2,
        values,
        pixdim: [2, 3, 4],
        qform: { code: 1, b: 0, c: 0, d, offset: [5, 6, 7] },
      }),
      "x",
    );
    const expected = [0, -3, 0, 5, 2, 0, 0, 6, 0, 0, 4, 7, 0, 0, 0, 1];
    for (const [i, v] of img.affine.entries()) expect(v).toBeCloseTo(expected[i], 5);
  });

  test("no transform codes: nibabel's centred base affine with x flipped", () => {
    const img = parseNifti(niftiBytes({ dims, datatype: 2, values, pixdim: [2, 2, 2], sformCode: 0 }), "x");
    expect(img.affine).toEqual([-2, 0, 0, 2, 0, 2, 0, -3, 0, 0, 2, -4, 0, 0, 0, 1]);
  });

  test("4D files: the requested frame", () => {
    const four = Array.from({ length: 120 }, (_, n) => n);
    const img = parseNifti(niftiBytes({ dims: [3, 4, 5, 2], datatype: 16, values: four }), "x", { frame: 1 });
    expect(Array.from(img.data)).toEqual(four.slice(60));
    expect(
      thrown(() => parseNifti(niftiBytes({ dims: [3, 4, 5, 2], datatype: 16, values: four }), "x", { frame: 2 })),
    ).toBeInstanceOf(VolumeDataError);
  });

  test("faults are VolumeDataErrors (502) naming the file", () => {
    const bad = [
      new TextEncoder().encode("<html>not found</html>"),
      niftiBytes({ dims, datatype: 16, values }).slice(0, 352 + 100),
      niftiBytes({ dims, datatype: 128, values }),
      niftiBytes({ dims: [30000, 30000, 30000], datatype: 16, values: [] }),
      niftiBytes({ dims: [0, 4, 5], datatype: 16, values: [] }),
      niftiBytes({ dims, datatype: 16, values, srow: [Number.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0] }),
    ];
    for (const bytes of bad) {
      const err = thrown(() => parseNifti(new Uint8Array(bytes), "https://host/file.nii"));
      expect(err).toBeInstanceOf(VolumeDataError);
      expect((err as VolumeDataError).status).toBe(502);
      expect((err as VolumeDataError).body.detail).toContain("file.nii");
      expect((err as VolumeDataError).body.host).toBe("host");
    }
  });

  test("what encodeNifti writes reads back identically", () => {
    const img = parseNifti(niftiBytes({ dims, datatype: 16, values, srow }), "x");
    const again = parseNifti(encodeNifti(img), "y");
    expect(again).toEqual(img);
  });
});

import { expect, test } from "bun:test";
import { cutToBox, resampleOnto } from "../../src/volumes/template.ts";
import type { Image } from "../../src/volumes/image.ts";

// Template values linear in the voxel index: trilinear interpolation reproduces them exactly.
const tdims: [number, number, number] = [6, 5, 4];
const linear = (i: number, j: number, k: number) => 1 + i + 10 * j + 100 * k;
const template: Image = {
  dims: tdims,
  affine: [2, 0, 0, -6, 0, 2, 0, -5, 0, 0, 2, -4, 0, 0, 0, 1],
  dtype: "float32",
  data: Float32Array.from({ length: 120 }, (_, n) => linear(n % 6, Math.floor(n / 6) % 5, Math.floor(n / 30))),
};

test("resampling onto a finer, shifted grid interpolates trilinearly", () => {
  // 1 mm grid starting 1 mm after the template's origin: grid voxel g ↦ template voxel (g + 1) / 2.
  const grid: Image = {
    dims: [8, 6, 4],
    affine: [1, 0, 0, -5, 0, 1, 0, -4, 0, 0, 1, -3, 0, 0, 0, 1],
    dtype: "uint8",
    data: new Uint8Array(192),
  };
  const out = resampleOnto(template, grid);
  for (let k = 0; k < 4; k++) {
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 8; i++) {
        const [x, y, z] = [(i + 1) / 2, (j + 1) / 2, (k + 1) / 2];
        const inside = x <= 5 && y <= 4 && z <= 3;
        if (inside) expect(out.data[i + 8 * (j + 6 * k)]).toBeCloseTo(linear(x, y, z), 4);
      }
    }
  }
  expect(out.affine).toEqual(grid.affine);
});

test("cutting to a box in mm keeps the voxels inside and shifts the affine", () => {
  // mm box (-4,-3,-2)…(0,1,0) ↦ voxels (1,1,1)…(3,3,2)
  const cut = cutToBox(template, [
    [0, 1, 0],
    [-4, -3, -2],
  ]);
  expect(cut.dims).toEqual([3, 3, 2]);
  expect(cut.affine).toEqual([2, 0, 0, -4, 0, 2, 0, -3, 0, 0, 2, -2, 0, 0, 0, 1]);
  expect(cut.data[0]).toBe(linear(1, 1, 1));
  expect(cut.data[cut.data.length - 1]).toBe(linear(3, 3, 2));
});

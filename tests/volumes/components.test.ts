import { expect, test } from "bun:test";
import { components } from "../../src/volumes/components.ts";
import type { Image } from "../../src/volumes/image.ts";

const dims: [number, number, number] = [6, 6, 6];
const idx = (i: number, j: number, k: number) => i + 6 * (j + 6 * k);
// 2 mm voxels, shifted: mm = 2·v + (1, 2, 3)
const affine = [2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 2, 3, 0, 0, 0, 1];

function mask(voxels: [number, number, number][]): Image {
  const data = new Uint8Array(216);
  for (const [i, j, k] of voxels) data[idx(i, j, k)] = 1;
  return { dims, affine, dtype: "uint8", data };
}

test("26-connectivity joins voxels touching at a corner; largest component first, centroid in mm", () => {
  const big: [number, number, number][] = [
    [0, 0, 0],
    [1, 1, 1], // corner neighbour of the first
    [2, 2, 2],
  ];
  const small: [number, number, number][] = [
    [5, 5, 4],
    [5, 5, 5],
  ];
  const found = components(mask([...small, ...big]));
  expect(found.map((c) => c.voxels)).toEqual([3, 2]);
  // mean voxel (1, 1, 1) → mm (3, 4, 5); volume 3 voxels × 8 mm³
  expect(found[0].centroid).toEqual([3, 4, 5]);
  expect(found[0].volume).toBe(24);
  expect(found[1].centroid).toEqual([11, 12, 12]);
});

test("equal volumes keep skimage's order: the component met first scanning i, then j, then k", () => {
  // A starts at (0, 5, 5); B at (1, 0, 0): A comes first in C order although B comes first in file order.
  const found = components(
    mask([
      [1, 0, 0],
      [0, 5, 5],
    ]),
  );
  expect(found.map((c) => c.first)).toEqual([
    [0, 5, 5],
    [1, 0, 0],
  ]);
});

test("an empty mask has no components", () => {
  expect(components(mask([]))).toEqual([]);
});

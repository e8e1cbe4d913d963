import { expect, test } from "bun:test";
import { maskBox, maskMeetsBox } from "../../src/volumes/region-box.ts";
import type { Image } from "../../src/volumes/image.ts";

// 2 mm voxels, origin (-10, -12, -8): mm = 2·v + origin; voxels (2..3, 1, 4) are set.
const data = new Uint8Array(10 * 12 * 8);
data[2 + 10 * (1 + 12 * 4)] = 1;
data[3 + 10 * (1 + 12 * 4)] = 1;
const mask: Image = {
  dims: [10, 12, 8],
  affine: [2, 0, 0, -10, 0, 2, 0, -12, 0, 0, 2, -8, 0, 0, 0, 1],
  dtype: "uint8",
  data,
};

test("the box of the nonzero voxels, upper bound one voxel past the last", () => {
  expect(maskBox(mask)).toEqual([
    [-6, -10, 0],
    [-2, -8, 2],
  ]);
  expect(maskBox({ ...mask, data: new Uint8Array(960) })).toBeNull();
});

test("boxes meeting a voxel centre (± half a voxel) intersect; others do not", () => {
  // voxel (2,1,4) centre at (-6, -10, 0)
  expect(
    maskMeetsBox(mask, [
      [-7, -11, -1],
      [-5, -9, 1],
    ]),
  ).toBe(true);
  // a plane through the centre (thin box)
  expect(
    maskMeetsBox(mask, [
      [-6.5, -20, 0],
      [-5.5, 20, 0],
    ]),
  ).toBe(true);
  // 0.9 mm beyond the last centre (-4, -10, 0) along x: within half a voxel (1 mm)
  expect(
    maskMeetsBox(mask, [
      [-3.1, -10, 0],
      [-3.1, -10, 0],
    ]),
  ).toBe(true);
  expect(
    maskMeetsBox(mask, [
      [-2.5, -10, 0],
      [0, -10, 0],
    ]),
  ).toBe(false);
  expect(
    maskMeetsBox(mask, [
      [10, 10, 10],
      [20, 20, 20],
    ]),
  ).toBe(false);
});

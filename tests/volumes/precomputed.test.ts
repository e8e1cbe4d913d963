/**
 * Neuroglancer precomputed: chunks encoded here from the format specification (raw, and
 * compressed_segmentation with a test-side encoder), served at the Waxholm v4 map's URL.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readHeader, readImage } from "nifti-reader-js";
import { decodeChunk } from "../../src/volumes/precomputed-chunks.ts";
import { VolumeDataError } from "../../src/volumes/errors.ts";
import { composeServices } from "../../src/compose.ts";
import { createApp } from "../../src/app.ts";
import { parseEnv } from "../../src/env.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { createRemoteFetcher, parseRemapRules } from "../../src/lib/remote.ts";
import { OFFLINE_KG, configFiles } from "../_support/app.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";
import type { App } from "../../src/app.ts";

/** compressed_segmentation encoder (single channel, uint32), per the specification. */
function encodeCompressedSegmentation(values: Uint32Array, size: number[], block: number[]): Uint8Array<ArrayBuffer> {
  const grid = [0, 1, 2].map((d) => Math.ceil(size[d] / block[d]));
  const nblocks = grid[0] * grid[1] * grid[2];
  const words: number[] = [1]; // channel 0 starts after the one offset word
  const headers = words.length;
  for (let b = 0; b < nblocks; b++) words.push(0, 0);
  for (let gz = 0; gz < grid[2]; gz++) {
    for (let gy = 0; gy < grid[1]; gy++) {
      for (let gx = 0; gx < grid[0]; gx++) {
        const cells: number[] = [];
        for (let z = 0; z < block[2]; z++) {
          for (let y = 0; y < block[1]; y++) {
            for (let x = 0; x < block[0]; x++) {
              const [vx, vy, vz] = [gx * block[0] + x, gy * block[1] + y, gz * block[2] + z];
              const inside = vx < size[0] && vy < size[1] && vz < size[2];
              cells.push(inside ? values[vx + size[0] * (vy + size[1] * vz)] : 0);
            }
          }
        }
        const table = [...new Set(cells)];
        const bits = [0, 1, 2, 4, 8, 16, 32].find((b) => 2 ** b >= table.length) as number;
        const valuesAt = words.length - 1;
        const packed = new Array(Math.ceil((cells.length * bits) / 32)).fill(0);
        cells.forEach((c, i) => {
          const bit = i * bits;
          packed[bit >>> 5] = (packed[bit >>> 5] | (table.indexOf(c) << (bit & 31))) >>> 0;
        });
        words.push(...packed);
        const tableAt = words.length - 1;
        words.push(...table);
        const h = headers + 2 * (gx + grid[0] * (gy + grid[1] * gz));
        words[h] = (tableAt | (bits << 24)) >>> 0;
        words[h + 1] = valuesAt;
      }
    }
  }
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => {
    view.setUint32(i * 4, w, true);
  });
  return out;
}

describe("decodeChunk", () => {
  const size = [5, 3, 4];
  const labels = Uint32Array.from({ length: 60 }, (_, n) => [0, 7, 7, 180, 67, 36][n % 6] + (n > 40 ? 1000 : 0));

  test("compressed_segmentation, blocks not dividing the chunk", () => {
    const bytes = encodeCompressedSegmentation(labels, size, [2, 2, 3]);
    const decoded = decodeChunk(
      bytes,
      { size: [5, 3, 4], dataType: "uint32", encoding: "compressed_segmentation", block: [2, 2, 3] },
      "x",
    );
    expect(Array.from(decoded)).toEqual(Array.from(labels));
  });

  test("raw little-endian uint16 and float32", () => {
    const u16 = new Uint16Array(60).map((_, n) => n * 1000);
    const f32 = new Float32Array(60).map((_, n) => n / 3);
    expect(
      Array.from(
        decodeChunk(new Uint8Array(u16.buffer), { size: [5, 3, 4], dataType: "uint16", encoding: "raw" }, "x"),
      ),
    ).toEqual(Array.from(u16));
    expect(
      Array.from(
        decodeChunk(new Uint8Array(f32.buffer), { size: [5, 3, 4], dataType: "float32", encoding: "raw" }, "x"),
      ),
    ).toEqual(Array.from(f32));
  });

  test("faults: short raw chunk, offsets outside the chunk, unknown encoding", () => {
    const short = () => decodeChunk(new Uint8Array(10), { size: [5, 3, 4], dataType: "uint16", encoding: "raw" }, "x");
    const broken = encodeCompressedSegmentation(labels, size, [2, 2, 3]).slice(0, 40);
    const cut = () =>
      decodeChunk(
        broken,
        { size: [5, 3, 4], dataType: "uint32", encoding: "compressed_segmentation", block: [2, 2, 3] },
        "x",
      );
    const jpeg = () => decodeChunk(new Uint8Array(60), { size: [5, 3, 4], dataType: "uint8", encoding: "jpeg" }, "x");
    for (const f of [short, cut, jpeg]) expect(() => f()).toThrow(VolumeDataError);
  });
});

describe("a precomputed labelled map through the routes (Waxholm v4)", () => {
  const NG = "https://neuroglancer.humanbrainproject.eu/";
  const base = "/ng/precomputed/data-repo-ng-bot/20210927-waxholm-v4/precomputed/segmentations/WHS_SD_rat_atlas_v4";
  const WAXHOLM = "minds/core/parcellationatlas/v1.0.0/ebb923ba-b4d5-4b82-8088-fa9215c2e1fe-v4";
  const RAT = "minds/core/referencespace/v1.0.0/d5717c4a-0fa1-46e6-918c-b8003069ade8";
  // Two scales: 8×6×4 voxels of 0.5 mm (chunks 4×4×4), and 4×3×2 voxels of 1 mm (one chunk).
  const fine = new Uint32Array(8 * 6 * 4);
  for (let z = 0; z < 4; z++)
    for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) fine[x + 8 * (y + 6 * z)] = x >= 4 ? 180 : y >= 3 ? 67 : 0;
  const coarse = new Uint32Array(4 * 3 * 2);
  for (let z = 0; z < 2; z++)
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++) coarse[x + 4 * (y + 3 * z)] = fine[2 * x + 8 * (2 * y + 6 * 2 * z)];
  // voxel → nm: scaled by the resolution, then shifted by (-2, -1.5, -1) mm.
  const transform = [
    [1, 0, 0, -2e6],
    [0, 1, 0, -1.5e6],
    [0, 0, 1, -1e6],
    [0, 0, 0, 1],
  ];
  const info = {
    type: "segmentation",
    data_type: "uint32",
    num_channels: 1,
    scales: [
      {
        key: "1mm",
        size: [4, 3, 2],
        resolution: [1e6, 1e6, 1e6],
        voxel_offset: [0, 0, 0],
        chunk_sizes: [[4, 4, 4]],
        encoding: "raw",
      },
      {
        key: "500um",
        size: [8, 6, 4],
        resolution: [5e5, 5e5, 5e5],
        voxel_offset: [0, 0, 0],
        chunk_sizes: [[4, 4, 4]],
        encoding: "compressed_segmentation",
        compressed_segmentation_block_size: [2, 2, 2],
      },
    ],
  };
  const sub = (x0: number, y0: number) => {
    const out = new Uint32Array(4 * Math.min(4, 6 - y0) * 4);
    const cy = Math.min(4, 6 - y0);
    for (let z = 0; z < 4; z++)
      for (let y = 0; y < cy; y++)
        for (let x = 0; x < 4; x++) out[x + 4 * (y + cy * z)] = fine[x0 + x + 8 * (y0 + y + 6 * z)];
    return encodeCompressedSegmentation(out, [4, cy, 4], [2, 2, 2]);
  };
  const routes: Record<string, Route> = {
    [`${base}/info`]: { body: JSON.stringify(info) },
    [`${base}/transform.json`]: { body: JSON.stringify(transform) },
    [`${base}/1mm/0-4_0-3_0-2`]: { body: new Uint8Array(coarse.buffer) },
    [`${base}/500um/0-4_0-4_0-4`]: { body: sub(0, 0) },
    [`${base}/500um/4-8_0-4_0-4`]: { body: sub(4, 0) },
    [`${base}/500um/0-4_4-6_0-4`]: { body: sub(0, 4) },
    [`${base}/500um/4-8_4-6_0-4`]: { body: sub(4, 4) },
  };
  let fixture: Fixture;
  let app: App;
  const q = encodeURIComponent;
  const params = `parcellation_id=${q(WAXHOLM)}&space_id=${q(RAT)}`;
  /** fine voxel (i, j, k) → mm */
  const mm = (i: number, j: number, k: number) => [0.5 * i - 2, 0.5 * j - 1.5, 0.5 * k - 1];

  beforeAll(async () => {
    fixture = serveFixture(routes);
    const env = parseEnv({ SIIBRA_API_LOG: "silent", SIIBRA_API_REMAP_PROVIDERS: `${NG}::${fixture.origin}/ng/` });
    const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
    app = createApp(
      composeServices({
        env,
        files: await configFiles(),
        fetcher: createRemoteFetcher({ remap, timeoutMs: 3000 }),
        remap,
        datasets: createIdsOnlyDatasetService(),
        kg: OFFLINE_KG,
      }),
    );
  });
  afterAll(() => fixture.stop());

  test("labelled assignment reads the single chunk of the finest scale holding the point", async () => {
    const p = mm(5, 1, 2)
      .map((v) => `${v}mm`)
      .join(",");
    const res = await app.request(`/v3_0/map/assign?${params}&assignment_type=labelled&point=${q(p)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: unknown[][] };
    expect(body.data).toEqual([[0, mm(5, 1, 2), 180, "lateral olfactory tract"]]);
    expect(fixture.hitsFor(`${base}/500um/4-8_0-4_0-4`)).toBe(1);
    expect(fixture.hitsFor(`${base}/500um/0-4_0-4_0-4`)).toBe(0);
  });

  test("labelled_map.nii.gz is the coarsest scale, with its affine in mm", async () => {
    const res = await app.request(`/v3_0/map/labelled_map.nii.gz?${params}`);
    expect(res.status).toBe(200);
    const plain = new Uint8Array(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer())));
    const header = readHeader(plain.buffer);
    expect(header.dims.slice(1, 4)).toEqual([4, 3, 2]);
    expect(header.affine.slice(0, 3).flat()).toEqual([1, 0, 0, -2, 0, 1, 0, -1.5, 0, 0, 1, -1]);
    expect(Array.from(new Uint32Array(readImage(header, plain.buffer)))).toEqual(Array.from(coarse));
  });
});

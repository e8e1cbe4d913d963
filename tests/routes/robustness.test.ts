import { describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";

const { app } = await testApp();
const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");

/** Hostile or odd specs a client (or a scanner) may send. */
const SPECS = [
  "",
  " ",
  "%",
  "%25",
  "%2F",
  "a/b/c",
  "/[/",
  "/(/i",
  "/.*/zz",
  "Group: a, b",
  "Group: hOc1, hOc1",
  "((((",
  "ä ö ü ß",
  "😀",
  "\u0000",
  "x".repeat(3000),
  "1",
  "-1",
  "99999999999999999999",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "left",
  "hemisphere",
];

const TEMPLATES = [
  (s: string) => `/v3_0/atlases/${s}`,
  (s: string) => `/v3_0/spaces/${s}`,
  (s: string) => `/v3_0/parcellations/${s}`,
  (s: string) => `/v3_0/regions/${s}?parcellation_id=${JBA31}`,
  (s: string) => `/v3_0/regions/${s}/related?parcellation_id=${JBA31}`,
  (s: string) => `/v3_0/regions?parcellation_id=${JBA31}&find=${s}`,
  (s: string) => `/v3_0/regions?parcellation_id=${s}`,
  (s: string) => `/v3_0/maps/${s}`,
  (s: string) => `/v3_0/maps?parcellation_id=${s}&space_id=${s}`,
  (s: string) => `/v3_0/map?parcellation_id=${s}&space_id=${s}&map_type=LABELLED`,
  (s: string) => `/v3_0/vocabularies/genes?find=${s}`,
  (s: string) => `/v3_0/atlases?page=${s}&size=${s}`,
  (s: string) => `/v3_0/feature/Tabular?parcellation_id=${JBA31}&region_id=${s}&type=${s}`,
  (s: string) => `/v3_0/feature/RegionalConnectivity?parcellation_id=${s}`,
];

describe("odd inputs never produce a 500", () => {
  for (const [i, template] of TEMPLATES.entries()) {
    test(`template ${i}: ${template("{x}")}`, async () => {
      for (const spec of SPECS) {
        const path = template(encodeURIComponent(spec));
        const res = await getJson(app, path);
        expect({ path: path.slice(0, 120), status: res.status < 500 }).toEqual({
          path: path.slice(0, 120),
          status: true,
        });
        if (res.status >= 400) expect(typeof (res.body as { message?: unknown }).message).toBe("string");
      }
    });
  }
});

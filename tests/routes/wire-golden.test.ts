import { describe, expect, test } from "bun:test";
import { getJson, golden, testApp } from "../_support/app.ts";
import { overlayPlaceholders, sortPaths } from "../_support/golden-compare.ts";

type WireEntry = {
  request: string;
  file: string;
  status: number;
  headers: Record<string, string>;
  nondeterministic_paths?: string[];
};

const index = await golden<{ requests: WireEntry[] }>("wire/index.json");
const { app } = await testApp();

/** Every recorded upstream response must be reproduced (JSON-equal: docs/decisions.md#recorded-upstream-answers). */
describe("recorded upstream responses (golden/wire)", () => {
  for (const entry of index.requests) {
    test(`${entry.status} ${entry.request}`, async () => {
      const res = await getJson(app, entry.request);
      expect(res.status).toBe(entry.status);
      for (const name of ["access-control-allow-origin", "access-control-expose-headers", "x-siibra-api-version"]) {
        expect(res.headers.get(name)).toBe(entry.headers[name]);
      }
      expect(res.headers.get("content-type")).toStartWith("application/json");
      const want = await golden(`wire/${entry.file}`);
      const paths = entry.nondeterministic_paths ?? [];
      const ours = sortPaths(res.body, paths);
      expect(overlayPlaceholders(sortPaths(want, paths), ours)).toEqual(ours);
    });
  }
});

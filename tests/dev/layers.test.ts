import { describe, expect, test } from "bun:test";
import { cyclesOf, layerOf, violation } from "../../dev/layers.ts";

describe("import-graph check", () => {
  test("finds a circle through type-only edges and ignores acyclic parts", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts", "d.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(cyclesOf(graph)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
    expect(
      cyclesOf(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toEqual([]);
  });

  test("layers point down: jobs may use the domain, not HTTP; support code stays out of product code", () => {
    expect(layerOf("jobs/regions.ts")).toBe("jobs");
    expect(violation("jobs/regions.ts", "src/atlas/store.ts")).toBeNull();
    expect(violation("jobs/regions.ts", "src/lib/pagination.ts")).toBeNull();
    expect(violation("jobs/regions.ts", "src/http/response/run-job.ts")).toContain("a layer above");
    expect(violation("src/atlas/related.ts", "src/datasets/kg-records.ts")).toContain("a layer above");
    expect(violation("src/services.ts", "routes/job-delivery.ts")).toContain("a layer above");
    expect(violation("src/app.ts", "tests/_support/app.ts")).toContain("may not import tests");
    expect(violation("dev/stack/stack.ts", "tests/_support/process.ts")).toContain("dev may not import tests");
    expect(violation("tests/e2e/x.test.ts", "dev/process.ts")).toBeNull();
    expect(violation("src/new-folder/x.ts", "src/lib/md5.ts")).toContain("no layer for src/new-folder/x.ts");
  });
});

import { beforeAll, describe, expect, test } from "bun:test";
import { findRegions, getRegion, parseRegexSpec, pyRepr, regionMatches } from "../../src/atlas/region-lookup.ts";
import { lookupInRegistry, parcellationAdapter } from "../../src/atlas/registry-lookup.ts";
import { BadRequestError, DetailNotFoundError } from "../../src/errors.ts";
import { golden, loadStore, parcellationById } from "./_store.ts";
import type { AtlasStore } from "../../src/atlas/store.ts";
import type { Parcellation, Region } from "../../src/atlas/model.ts";
import { thrown } from "../_support/thrown.ts";

type GoldenQuery = {
  parcellation_spec: string;
  region_spec: string;
  note: string;
  resolved_parcellation: string;
  get_region:
    | { kind: string; name: string; parcellation: string; siibra_id: string; "@id": string }
    | { error: "RuntimeError" | "ValueError"; message: string };
  regions_find_names?: string[];
  regions_find_names_sorted_alpha?: string[];
  regions_find_count?: number;
  regions_find_includes_root: boolean;
  find_order_stable_across_hash_seeds: boolean;
  get_region_stable_across_hash_seeds: boolean;
};

const QUERIES = golden<{ queries: GoldenQuery[] }>("region-lookups.json").queries;
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const WAXHOLM_V3 = "minds/core/parcellationatlas/v1.0.0/ebb923ba-b4d5-4b82-8088-fa9215c2e1fe";
const WIRE = "https://openminds.ebrains.eu/instances/parcellationEntityVersion/";

let reg: AtlasStore;
let jba31: Parcellation;
beforeAll(async () => {
  reg = await loadStore();
  jba31 = parcellationById(reg, JBA31);
});

/** Ambiguity messages list names in set order upstream; names contain ", " too, so compare tokens. */
function tokens(message: string): string[] {
  const [head, list] = message.replace(/\.$/, "").split(" resulted in multiple matches: ");
  return [head, ...list.split(", ").sort()];
}

const names = (regions: Region[]) => regions.map((r) => r.name);

describe("golden region-lookups.json", () => {
  for (const q of QUERIES) {
    describe(`${q.region_spec} (${q.note})`, () => {
      let parcellation: Parcellation;
      beforeAll(() => {
        parcellation = lookupInRegistry(reg.parcellations, q.parcellation_spec, parcellationAdapter);
      });

      test("parcellation spec resolves", () => {
        expect(parcellation.id).toBe(q.resolved_parcellation);
      });

      test("get_region", () => {
        const g = q.get_region;
        if ("error" in g) {
          const err = thrown(() => getRegion(parcellation, q.region_spec));
          expect(err).toBeInstanceOf(g.error === "RuntimeError" ? BadRequestError : DetailNotFoundError);
          const detail = err.body.detail as string;
          if (q.get_region_stable_across_hash_seeds) expect(detail).toBe(g.message);
          else expect(tokens(detail)).toEqual(tokens(g.message));
          return;
        }
        const region = getRegion(parcellation, q.region_spec);
        expect(region.name).toBe(g.name);
        expect(region.id).toBe(g.siibra_id);
        expect(region.parcellation.id).toBe(g.parcellation);
        expect(region.wireId).toBe(g["@id"]);
      });

      test("find (what /regions?find= uses)", () => {
        const found = findRegions(parcellation.root, q.region_spec);
        expect(found.includes(parcellation.root)).toBe(q.regions_find_includes_root);
        const got = names(found.filter((r) => r !== parcellation.root));
        if (q.regions_find_names === undefined) {
          expect(got.length).toBe(q.regions_find_count as number);
          expect([...got].sort()).toEqual(q.regions_find_names_sorted_alpha as string[]);
        } else if (q.find_order_stable_across_hash_seeds) {
          expect(got).toEqual(q.regions_find_names);
        } else {
          expect([...got].sort()).toEqual([...q.regions_find_names].sort());
        }
      });
    });
  }
});

describe("getRegion (siibra 0.4 results on JBA 3.1)", () => {
  const HOC1_LEFT = `${JBA31}_AREA_HOC1_V1_17_CALCS_LEFT`;

  test.each(["left hOc1", "HOC1 LEFT", "hOc1_left", "hOc1,left", HOC1_LEFT, HOC1_LEFT.toLowerCase()])(
    "%p → Area hOc1 (V1, 17, CalcS) left",
    (spec) => {
      expect(getRegion(jba31, spec).id).toBe(HOC1_LEFT);
    },
  );

  test.each(["v1", "17", "hOc1", "area hoc1"])("%p → parent, hemispheres filtered", (spec) => {
    expect(getRegion(jba31, spec).name).toBe("Area hOc1 (V1, 17, CalcS)");
  });

  test("a spec naming the parcellation returns its root", () => {
    expect(getRegion(jba31, "julich")).toBe(jba31.root);
    expect(getRegion(jba31, jba31.name)).toBe(jba31.root);
  });

  test("'1' is ambiguous, including the parcellation itself (shortName rule), in ratio order", () => {
    const err = thrown(() => getRegion(jba31, "1"));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.status).toBe(400);
    expect(err.body.detail).toBe(
      "Spec '1' resulted in multiple matches: Area 1 (PostCG), Area hOc1 (V1, 17, CalcS), " +
        "Julich-Brain Cytoarchitectonic Atlas (v3.1).",
    );
  });

  const wire = `${WIRE}1cfa08b990d0d90a5b29454838f9d632`;
  test.each(["hOc 1", "hOc1-left", "hOc1 left Hemisphere", wire])("%p cannot be decoded", (spec) => {
    const err = thrown(() => getRegion(jba31, spec));
    expect(err).toBeInstanceOf(DetailNotFoundError);
    expect(err.status).toBe(404);
    expect(err.body).toEqual({
      detail: `'${spec}' could not be decoded under 'Julich-Brain Cytoarchitectonic Atlas (v3.1)'`,
    });
  });

  test("exact name step wins over a case-insensitive id collision (Waxholm v3)", () => {
    const waxholm = parcellationById(reg, WAXHOLM_V3);
    const region = getRegion(waxholm, "anterior commissure");
    expect(region.name).toBe("anterior commissure");
    expect(region.wireId).toBe(`${WIRE}86398ae63a425d3b085db9d0256ec85a`);
    expect(getRegion(waxholm, "Anterior commissure").wireId).toBe(`${WIRE}3f9feed0eee2451cf2976e3bac3e3c12`);
  });

  test("Group specs: one resolved region is returned, several are ambiguous", () => {
    expect(getRegion(jba31, "Group: Area 44 (IFG)").name).toBe("Area 44 (IFG)");
    const err = thrown(() => getRegion(jba31, "Group: Area 44 (IFG), Area 45 (IFG)"));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.body.detail).toBe(
      "Spec 'Group: Area 44 (IFG), Area 45 (IFG)' resulted in multiple matches: Area 44 (IFG), Area 45 (IFG).",
    );
    // Commas inside brackets do not split a group.
    expect(getRegion(jba31, "Group: Area TPJ (STG, SMG)").name).toBe("Area TPJ (STG, SMG)");
    expect(thrown(() => getRegion(jba31, "Group: nonsense-area"))).toBeInstanceOf(DetailNotFoundError);
  });
});

describe("findRegions", () => {
  test("find de-duplicates by siibra id, keeping the first in pre-order (Waxholm v3)", () => {
    const waxholm = parcellationById(reg, WAXHOLM_V3);
    const found = findRegions(waxholm.root, "anterior commissure");
    const ids = found.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const shared = found.find((r) => r.key === "ANTERIOR_COMMISSURE") as Region;
    expect(shared.name).toBe("Anterior commissure");
  });

  test("string specs rank by similarity ratio, then depth, then pre-order", () => {
    const found = findRegions(jba31.root, "hoc1");
    expect(names(found)).toEqual([
      "Area hOc1 (V1, 17, CalcS)",
      "Area hOc1 (V1, 17, CalcS) left",
      "Area hOc1 (V1, 17, CalcS) right",
    ]);
  });

  test("regex specs sort by depth and pre-order only; RegExp objects work too", () => {
    const fromString = findRegions(jba31.root, "/^area 44/i");
    expect(names(fromString)).toEqual(["Area 44 (IFG)", "Area 44 (IFG) right", "Area 44 (IFG) left"]);
    expect(findRegions(jba31.root, /^Area 44/g)).toEqual(fromString);
  });

  test("filterChildren without findTopmost keeps matched parents and orphans", () => {
    const found = findRegions(jba31.root, "/hOc[12]/", { filterChildren: true, findTopmost: false });
    expect(names(found).sort()).toEqual(["Area hOc1 (V1, 17, CalcS)", "Area hOc2 (V2, 18)"]);
  });

  test("results are memoised but callers get their own array", () => {
    const a = findRegions(jba31.root, "frontal lobe");
    a.pop();
    expect(names(findRegions(jba31.root, "frontal lobe"))).toEqual(["frontal lobe"]);
  });

  test("find on a subtree only searches below that node", () => {
    const hoc1 = getRegion(jba31, "hoc1");
    expect(names(findRegions(hoc1, "left"))).toEqual(["Area hOc1 (V1, 17, CalcS) left"]);
  });
});

describe("regionMatches", () => {
  test("word rules of Region.matches", () => {
    const region = getRegion(jba31, "Area hOc1 (V1, 17, CalcS) left");
    expect(regionMatches(region, "1")).toBe(true); // "v" + "1" == "v1"
    expect(regionMatches(region, "calcs LEFT")).toBe(true);
    expect(regionMatches(region, "hOc1 left hemisphere")).toBe(true);
    expect(regionMatches(region, "hOc1 left Hemisphere")).toBe(false);
    expect(regionMatches(region, "hoc1 lh")).toBe(false);
    expect(regionMatches(region, /CALCS_LEFT$/)).toBe(true); // keys are searched too
  });

  test("the root also matches by shortName words", () => {
    expect(regionMatches(jba31.root, "brain v3")).toBe(true);
    expect(regionMatches(jba31.root, "v3.1")).toBe(true);
    expect(regionMatches(jba31.root, "hoc1")).toBe(false);
  });
});

describe("regex specs", () => {
  test("flags and Python syntax", () => {
    expect(parseRegexSpec("plain")).toBeNull();
    expect(parseRegexSpec("/a/b/i")?.source).toBe("a\\/b");
    expect(parseRegexSpec("/(?P<x>a)(?P=x)/")?.test("aa")).toBe(true);
    expect(parseRegexSpec("/(?i)hoc/")?.test("HOC")).toBe(true);
    expect(parseRegexSpec("/ h o c  # comment/x")?.source).toBe("hoc");
  });

  test.each(["/x/q", "/x/L", "/(/"])("%p is rejected with 400", (spec) => {
    expect(() => parseRegexSpec(spec)).toThrow(BadRequestError);
  });
});

test("pyRepr follows Python's quote choice and escapes", () => {
  expect(pyRepr("left")).toBe("'left'");
  expect(pyRepr("it's")).toBe(`"it's"`);
  expect(pyRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
  expect(pyRepr("a\\b\n\u0001é")).toBe("'a\\\\b\\n\\x01é'");
});

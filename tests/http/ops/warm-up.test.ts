import { describe, expect, test } from "bun:test";
import { angularQuery, browserPath, firstPaintStages } from "../../../src/http/ops/warm-up.ts";
import { loadStore } from "../../atlas/_store.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

describe("warm-up targets", () => {
  test("encoded as siibra-explorer sends them (raw path ids, Angular query codec)", () => {
    expect(browserPath(JBA31)).toBe(JBA31);
    expect(browserPath("a b?c#d")).toBe("a%20b%3Fc%23d");
    expect(angularQuery("https://doi.org/10.1/x y@z")).toBe("https://doi.org/10.1/x%20y@z");
    expect(angularQuery("a&b+c")).toBe("a%26b%2Bc");
  });

  test("the first-paint chain of the default landing, stage by stage", async () => {
    const stages = firstPaintStages(await loadStore());
    expect(stages[0]).toEqual(["/v3_0/atlases"]);
    expect(stages[1]).toContain(`/v3_0/parcellations/${JBA31}`);
    expect(stages[1]).toContain(`/v3_0/spaces/${MNI152}`);
    expect(stages[2]).toEqual([
      `/v3_0/maps?map_type=LABELLED&space_id=${MNI152}&page=1`,
      `/v3_0/maps?map_type=LABELLED&parcellation_id=${JBA31}&page=1`,
    ]);
    expect(stages[3]).toEqual([`/v3_0/regions?parcellation_id=${JBA31}`]);
    // 771 regions in pages of 50: pages 2..16 together.
    expect(stages[4]).toHaveLength(15);
    expect(stages[4][14]).toBe(`/v3_0/regions?parcellation_id=${JBA31}&page=16`);
    expect(stages[5]).toEqual([`/v3_0/map?map_type=LABELLED&parcellation_id=${JBA31}&space_id=${MNI152}`]);
  });
});

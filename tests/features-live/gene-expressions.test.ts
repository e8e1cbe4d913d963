import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { ByteLru } from "../../src/lib/byte-lru.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { allenMeasures, geneExpressionFeature, geneExpressionTable } from "../../src/features/live/gene-expressions.ts";
import { maskFromImage } from "../../src/features/live/region-mask.ts";
import { parseNifti } from "../../src/volumes/nifti-read.ts";
import { RemoteUnavailableError } from "../../src/lib/remote.ts";
import { DONORS, PROBES, SAMPLES, level, niftiMask, serveAllen, zscore } from "./allen-fixture.ts";
import { closedOrigin } from "../remote/fixture-server.ts";

const SPACE = "MNI 152 ICBM 2009c Nonlinear Asymmetric";

/** A mask as the gene query gets it: a NIfTI file decoded by the volume layer. */
const maskOf = (on: (i: number, j: number, k: number) => boolean) => maskFromImage(parseNifti(niftiMask(on), "mask"));

function deps(origin: string) {
  return {
    fetcher: createRemoteFetcher({ remap: [["http://api.brain-map.org", origin]] }),
    dataCache: new ByteLru(1 << 20),
  };
}

const allen = serveAllen();
afterAll(() => allen.stop());

describe("Allen API live query", () => {
  test("every (sample, probe) of the six donors, coordinates moved by the specimen alignment and rounded", async () => {
    const measures = await allenMeasures(deps(allen.origin), ["MAOA"]);
    expect(measures.length).toBe(DONORS.length * SAMPLES.length * PROBES.length);
    // Donor k, sample s, probe p, in the API's order: donors, then samples, then probes.
    let n = 0;
    DONORS.forEach(([id, name], k) => {
      SAMPLES.forEach((mri, s) => {
        PROBES.forEach((probeId, p) => {
          const m = measures[n++];
          expect(m.donorName).toBe(name);
          expect(m.donorId).toBe(Number(id));
          expect(m.probeId).toBe(probeId);
          expect(m.sample).toBe(s);
          expect(m.level).toBe(level(k, p, s));
          expect(m.zscore).toBe(zscore(k, p, s));
          // 3.005 + k is just below the half in binary, so numpy rounds it to 3 + k at two decimals.
          const x = s === 0 ? 1 + k : Number((3 + k).toFixed(2));
          expect(m.mni).toEqual([x, mri[1], mri[2]]);
          expect(m.age).toBe(30 + k);
          expect(m.gender).toBe(k % 2 ? "M" : "F");
        });
      });
    });
    expect(allen.hits.some((h) => h.includes("gene[acronym$in'MAOA']"))).toBe(true);
  });

  test("no probe for the gene: no measurement, no further request", async () => {
    const empty = serveAllen("no-probes");
    try {
      expect(await allenMeasures(deps(empty.origin), ["MAOA"])).toEqual([]);
      expect(empty.hits.length).toBe(1);
    } finally {
      empty.stop();
    }
  });

  test("faults: unreachable → 503, garbage or 'site unavailable' → 502, naming the Allen host", async () => {
    const cases: [string, number][] = [[closedOrigin(), 503]];
    const garbage = serveAllen("garbage");
    const unavailable = serveAllen("unavailable");
    cases.push([garbage.origin, 502], [unavailable.origin, 502]);
    try {
      for (const [origin, status] of cases) {
        const err = await allenMeasures(deps(origin), ["MAOA"]).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RemoteUnavailableError);
        expect((err as RemoteUnavailableError).status).toBe(status);
        expect((err as RemoteUnavailableError).host).toBe("api.brain-map.org");
        expect((err as RemoteUnavailableError).what).toContain("GeneExpressions");
      }
    } finally {
      garbage.stop();
      unavailable.stop();
    }
  });
});

describe("samples in the region's mask", () => {
  test("a NIfTI mask keeps the samples whose voxel is set; name and id list their points", async () => {
    const measures = await allenMeasures(deps(allen.origin), ["MAOA"]);
    // Voxels with x in 1..3 and y = 1: first samples of donors 0–2 (x = 1, 2, 3); second samples have y = 2.
    const mask = maskOf((i, j) => i >= 1 && i <= 3 && j === 1);
    const f = geneExpressionFeature("Area 44 (IFG) left", SPACE, measures, mask);
    expect(f.measures.map((m) => [m.donorName, m.sample, m.probeId])).toEqual(
      [0, 1, 2].flatMap((k) => PROBES.map((p) => [DONORS[k][1], 0, p])),
    );
    const points = [1, 1, 2, 2, 3, 3].map((x) => `(${x}.0,1.0,1.0)`).join(", ");
    const name = `GeneExpressions (Gene expression) anchored at Area 44 (IFG) left Set of points ${SPACE}: ${points}`;
    expect(f.name).toBe(name);
    expect(f.innerId).toBe(createHash("md5").update(name).digest("hex"));
    const table = geneExpressionTable(f);
    expect(table.columns).toEqual([
      "level",
      "zscore",
      "gene",
      "race",
      "gender",
      "age",
      "mni_xyz",
      "sample",
      "probe_id",
      "donor_name",
    ]);
    expect(table.data[0]).toEqual([
      level(0, 0, 0),
      zscore(0, 0, 0),
      "MAOA",
      "Black",
      "F",
      30,
      [1, 1, 1],
      0,
      PROBES[0],
      "H0351.1015",
    ]);
  });

  test("points outside the grid or on a zero voxel are not contained; voxel = int(xyz + 0.5)", () => {
    const mask = maskOf((i, j, k) => i === 0 && j === 0 && k === 0);
    expect(mask([0.49, 0, 0])).toBe(true);
    expect(mask([0.5, 0, 0])).toBe(false);
    // Truncation toward zero: -0.9 + 0.5 = -0.4 → voxel 0, as numpy's astype(int).
    expect(mask([-0.9, 0, 0])).toBe(true);
    expect(mask([-1.6, 0, 0])).toBe(false);
    expect(mask([100, 0, 0])).toBe(false);
  });
});

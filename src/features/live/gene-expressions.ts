import { md5Hex } from "../../lib/md5.ts";
import { pyFloat, lstripChars } from "../py-format.ts";
import {
  AllenFormatError,
  DONOR_IDS,
  SPECIMEN_IDS,
  allenUrls,
  parseFactors,
  parseMicroarray,
  parseProbeIds,
  parseSpecimen,
} from "./allen-api.ts";
import { badData } from "../data-host-error.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemoteFetcher } from "../../lib/remote.ts";
import type { DonorFactors } from "./allen-api.ts";

export type AllenDeps = { fetcher: RemoteFetcher; dataCache: ByteLru };

/** Whether an MNI152 point (mm) lies in the region's mask. */
export type Mask = (xyz: [number, number, number]) => boolean;

/** One probe's value in one tissue sample (a row of the table). */
export type Measure = {
  gene: string;
  level: number;
  zscore: number;
  sample: number;
  probeId: number;
  donorId: number;
  donorName: string;
  race: unknown;
  gender: unknown;
  age: number;
  mni: [number, number, number];
};

/** What the Allen requests load, as error envelopes name it. */
const WHAT = "GeneExpressions (Allen Brain Atlas API)";

async function get<T>(
  deps: AllenDeps,
  url: string,
  read: (f: RemoteFetcher) => Promise<unknown>,
  parse: (doc: never) => T,
): Promise<T> {
  const doc = await read(deps.fetcher);
  try {
    return parse(doc as never);
  } catch (err) {
    if (err instanceof AllenFormatError) throw badData(WHAT, url, err.message);
    throw err;
  }
}

/** Static per deployment (alignments, donors): fetched once and kept in the data cache. */
function cached<T>(deps: AllenDeps, key: string, load: () => Promise<T>): Promise<T> {
  return deps.dataCache.getOrLoad(`allen:${key}`, async () => ({ value: await load(), bytes: 2048 }));
}

/** numpy's `round(2)`: half to even on the scaled value. */
function round2(x: number): number {
  const y = x * 100;
  const r = Math.round(y);
  const half = Math.abs(y - Math.trunc(y)) === 0.5;
  return (half ? 2 * Math.round(y / 2) : r) / 100;
}

/**
 * `AllenBrainAtlasQuery.__iter__`: every (sample, probe) measurement of the genes over the six donors,
 * sample coordinates moved to ICBM152 by the specimen's alignment and rounded to 0.01 mm.
 */
export async function allenMeasures(deps: AllenDeps, genes: string[]): Promise<Measure[]> {
  const opts = { what: WHAT };
  const probeIds = await get(
    deps,
    allenUrls.probes(genes),
    (f) => f.text(allenUrls.probes(genes), opts),
    parseProbeIds,
  );
  if (probeIds.length === 0) return [];
  const specimens = new Map(
    await Promise.all(
      SPECIMEN_IDS.map(async (id) => {
        const url = allenUrls.specimen(id);
        const t = await cached(deps, `specimen:${id}`, () => get(deps, url, (f) => f.json(url, opts), parseSpecimen));
        return [id, t] as const;
      }),
    ),
  );
  const factors = await cached<Map<number, DonorFactors>>(deps, "factors", () =>
    get(deps, allenUrls.factors(), (f) => f.json(allenUrls.factors(), opts), parseFactors),
  );
  const out: Measure[] = [];
  for (const donor of DONOR_IDS) {
    const url = allenUrls.microarray(probeIds, donor);
    const { probes, samples } = await get(deps, url, (f) => f.json(url, opts), parseMicroarray);
    samples.forEach((s, i) => {
      const t = specimens.get(s.donorName);
      const f = factors.get(s.donorId);
      if (!t || !f) throw badData(WHAT, url, `sample of unknown donor ${s.donorName}`);
      const h = [...s.mri, 1];
      const mni = t.map((row) => round2(row.reduce((acc, v, k) => acc + v * h[k], 0))) as [number, number, number];
      for (const p of probes) {
        out.push({
          gene: p.gene,
          level: p.levels[i],
          zscore: p.zScores[i],
          sample: i,
          probeId: p.id,
          donorId: s.donorId,
          donorName: s.donorName,
          race: f.race,
          gender: f.gender,
          age: f.age,
          mni,
        });
      }
    });
  }
  return out;
}

export type GeneExpressionFeature = { name: string; innerId: string; measures: Measure[] };

/**
 * `AllenBrainAtlasQuery.query(region)`: the measurements whose sample lies in the region's mask. The
 * anchor's location is the point set of those samples (one point per kept measurement), so the name,
 * and with it the id, lists them.
 */
export function geneExpressionFeature(
  regionName: string,
  spaceName: string,
  measures: Measure[],
  mask: Mask,
): GeneExpressionFeature {
  const inside = new Map<string, boolean>();
  const kept = measures.filter((m) => {
    const key = m.mni.join(",");
    let hit = inside.get(key);
    if (hit === undefined) {
      hit = mask(m.mni);
      inside.set(key, hit);
    }
    return hit;
  });
  const points = kept.map((m) => `(${m.mni.map(pyFloat).join(",")})`).join(", ");
  const name = `GeneExpressions (Gene expression) anchored at ${regionName} Set of points ${spaceName}: ${points}`;
  return { name, innerId: md5Hex(lstripChars(name, "[PRERELEASE] ")), measures: kept };
}

const GENE_EXPRESSION_COLUMNS = [
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
];

/** The table siibra builds (`DataFrameModel`, detail form). */
export function geneExpressionTable(f: GeneExpressionFeature) {
  return {
    "@type": null,
    index: f.measures.map((_, i) => i),
    columns: GENE_EXPRESSION_COLUMNS,
    ndim: 2,
    data: f.measures.map((m) => [
      m.level,
      m.zscore,
      m.gene,
      m.race,
      m.gender,
      m.age,
      m.mni,
      m.sample,
      m.probeId,
      m.donorName,
    ]),
  };
}

/** `GeneExpressions.DESCRIPTION + ALLEN_ATLAS_NOTIFICATION`, newlines turned to spaces as siibra does. */
export const GENE_EXPRESSION_DESCRIPTION =
  "Gene expressions extracted from microarray data in the Allen Atlas.          For retrieving microarray data, siibra connects to the web API of     the Allen Brain Atlas (© 2015 Allen Institute for Brain Science),     available from https://brain-map.org/api/index.html. Any use of the     microarray data needs to be in accordance with their terms of use,     as specified at https://alleninstitute.org/legal/terms-use/.";

import { bad, cachedDecode, decodeText, fetchBytes } from "../../data/fetch.ts";
import { isNumeric, parseDelimited, toNumber } from "../../data/delimited.ts";
import type { FeatureContext } from "../../data/context.ts";

/**
 * Receptor measurements of Palomero-Gallagher et al. as siibra 0.4 reads them: a `.tsv` with a header
 * row (pandas `read_csv(sep="\t")`, blank rows dropped); fingerprints use columns 0–2 as label, mean,
 * std, profiles use column 0 as depth in percent and the second-to-last as the value; the unit is
 * the last column of the first row.
 */
export type Fingerprint = { receptors: string[]; mean: number[]; std: number[]; unit: string };
export type Profile = { depths: number[]; values: number[]; unit: string };

async function tsvRows(ctx: FeatureContext, url: string, featureId: string, minColumns: number) {
  const text = decodeText(await fetchBytes(ctx, url, featureId), url, featureId);
  const table = await parseDelimited(text, { delimiter: "\t", header: 0 });
  if (table.rows.length === 0) throw bad(url, featureId, "no data rows");
  if (table.columns.length < minColumns) throw bad(url, featureId, `expected at least ${minColumns} columns`);
  return table.rows;
}

export function loadFingerprint(ctx: FeatureContext, url: string, featureId: string): Promise<Fingerprint> {
  return cachedDecode(ctx, `fingerprint\n${url}`, async () => {
    const rows = await tsvRows(ctx, url, featureId, 4);
    if (!rows.every((r) => isNumeric(r[1]) && isNumeric(r[2]))) throw bad(url, featureId, "mean/std are not numbers");
    const value: Fingerprint = {
      receptors: rows.map((r) => r[0]),
      mean: rows.map((r) => toNumber(r[1])),
      std: rows.map((r) => toNumber(r[2])),
      unit: rows[0][rows[0].length - 1] ?? "",
    };
    return { value, bytes: 64 * rows.length + 256 };
  });
}

export function loadReceptorProfile(ctx: FeatureContext, url: string, featureId: string): Promise<Profile> {
  return cachedDecode(ctx, `receptor-profile\n${url}`, async () => {
    const rows = await tsvRows(ctx, url, featureId, 3);
    const last = rows[0].length - 1;
    if (!rows.every((r) => isNumeric(r[0]) && isNumeric(r[last - 1])))
      throw bad(url, featureId, "depths/values are not numbers");
    const value: Profile = {
      depths: rows.map((r) => toNumber(r[0]) / 100),
      values: rows.map((r) => toNumber(r[last - 1])),
      unit: rows[0][last] ?? "",
    };
    return { value, bytes: 16 * rows.length + 256 };
  });
}

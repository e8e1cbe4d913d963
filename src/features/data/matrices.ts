import { bad, cachedDecode, decodeText, fetchBytes } from "./fetch.ts";
import { parseDelimited, toNumber } from "./delimited.ts";
import { zipMember } from "./zip.ts";
import { Slicer } from "./yield.ts";
import type { DelimitedOptions } from "./delimited.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { JobContext } from "../../services.ts";

/**
 * Matrices and tables stored as members of a zip archive (`siibra/repository/zippedfile`) and read by
 * the configured CSV decoder (connectivity matrices, BOLD signal tables, marmoset tables): the whole
 * archive is fetched once and kept raw, each member is inflated and parsed on demand.
 */
export type ZipSource = { url: string; decoder: DelimitedOptions };

/** The decoder block of a configuration document as `read_csv` options. */
export function zipSource(doc: Json, where: string): ZipSource {
  const repo = (doc.repository ?? {}) as Json;
  const decoder = (doc.decoder ?? {}) as Json;
  if (typeof repo.url !== "string") throw new Error(`configuration ${where}: no repository url`);
  const header =
    decoder.header === null || decoder.header === undefined ? null : decoder.header === "infer" ? "infer" : 0;
  return {
    url: repo.url,
    decoder: {
      delimiter: typeof decoder.delimiter === "string" ? decoder.delimiter : ",",
      // pandas' default header is "infer" (first row); the configuration says so explicitly when wanted.
      header: "header" in decoder ? header : "infer",
      skipRows: typeof decoder.skiprows === "number" ? decoder.skiprows : 0,
    },
  };
}

export type TextMember = { columns: string[]; rows: string[][] };

/** One member, parsed as text cells. */
export async function readMember(
  ctx: JobContext,
  src: ZipSource,
  member: string,
  featureId: string,
): Promise<TextMember> {
  const archive = await fetchBytes(ctx, src.url, featureId, { keepRaw: true });
  let bytes: Uint8Array | null;
  try {
    bytes = zipMember(archive, member);
  } catch (err) {
    throw bad(src.url, featureId, `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!bytes) throw bad(src.url, featureId, `no member ${member}`);
  const table = await parseDelimited(decodeText(bytes, src.url, featureId), src.decoder);
  if (table.rows.length === 0) throw bad(src.url, featureId, `${member} has no rows`);
  return table;
}

/** A member as a numeric matrix (every cell must be a number). */
export async function readNumericMember(
  ctx: JobContext,
  src: ZipSource,
  member: string,
  featureId: string,
): Promise<number[][]> {
  return cachedDecode(ctx, `member\n${src.url}\n${member}`, async () => {
    const table = await readMember(ctx, src, member, featureId);
    const width = table.rows[0].length;
    const slicer = new Slicer();
    const out: number[][] = [];
    for (const row of table.rows) {
      if (row.length !== width) throw bad(src.url, featureId, `${member}: ragged rows`);
      const values = row.map(toNumber);
      if (values.some((x, i) => Number.isNaN(x) && !/^\s*(nan)?\s*$/i.test(row[i])))
        throw bad(src.url, featureId, `${member}: non-numeric cell`);
      out.push(values);
      if (slicer.due()) await slicer.pause();
    }
    return { value: out, bytes: out.length * width * 8 + 64 };
  });
}

/**
 * Element-wise mean of the members (`np.stack(all).mean(0)`), accumulated one member at a time so
 * only one decoded member is alive besides the sum, with pauses between slices.
 */
export async function meanOfMembers(
  ctx: JobContext,
  src: ZipSource,
  members: string[],
  featureId: string,
): Promise<number[][]> {
  let sum: Float64Array | null = null;
  let rows = 0;
  let cols = 0;
  const slicer = new Slicer();
  for (const member of members) {
    // Not through the decoded cache: 200 subjects would evict everything else for one average.
    const table = await readMember(ctx, src, member, featureId);
    if (sum === null) {
      rows = table.rows.length;
      cols = table.rows[0].length;
      sum = new Float64Array(rows * cols);
    }
    if (table.rows.length !== rows)
      throw bad(src.url, featureId, `${member}: ${table.rows.length} rows, expected ${rows}`);
    for (let i = 0; i < rows; i++) {
      const row = table.rows[i];
      if (row.length !== cols) throw bad(src.url, featureId, `${member}: ragged rows`);
      for (let j = 0; j < cols; j++) sum[i * cols + j] += toNumber(row[j]);
      if (slicer.due()) await slicer.pause();
    }
  }
  if (sum === null) throw new Error(`feature ${featureId} has no matrices`);
  const n = members.length;
  const total = sum;
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => total[i * cols + j] / n));
}

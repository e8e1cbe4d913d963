import { bad, decodeText, fetchBytes } from "./fetch.ts";
import { parseDelimited } from "./delimited.ts";
import { parseNumericMatrix } from "./numeric-matrix.ts";
import type { NumericMatrix } from "./numeric-matrix.ts";
import { Slicer } from "./yield.ts";
import type { DelimitedOptions, TextTable } from "./delimited.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { FeatureContext } from "./context.ts";

/**
 * Matrices and tables stored as members of a zip archive (`siibra/repository/zippedfile`) and read by
 * the configured CSV decoder (connectivity matrices, BOLD signal tables, marmoset tables): the whole
 * archive is fetched once and kept raw, each member is inflated and parsed on demand.
 */
/** fflate is loaded with the first archive read (start-up cost otherwise). */
const zipModule = () => import("./zip.ts");

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

/** One member, parsed as text cells. */
export async function readMember(
  ctx: FeatureContext,
  src: ZipSource,
  member: string,
  featureId: string,
): Promise<TextTable> {
  const archive = await fetchBytes(ctx, src.url, featureId, { keepRaw: true });
  const zip = await zipModule();
  let bytes: Uint8Array | null;
  try {
    bytes = zip.zipMember(archive, member);
  } catch (err) {
    throw bad(src.url, featureId, `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!bytes) throw bad(src.url, featureId, `no member ${member}`);
  const table = await parseDelimited(decodeText(bytes, src.url, featureId), src.decoder);
  if (table.rows.length === 0) throw bad(src.url, featureId, `${member} has no rows`);
  return table;
}

/** Batches of members, inflated together, each handed to `use` in order. */
async function forEachMember(
  ctx: FeatureContext,
  src: ZipSource,
  members: string[],
  featureId: string,
  use: (name: string, bytes: Uint8Array) => Promise<void>,
): Promise<void> {
  const archive = await fetchBytes(ctx, src.url, featureId, { keepRaw: true });
  const BATCH = 16;
  const zip = await zipModule();
  for (let at = 0; at < members.length; at += BATCH) {
    const batch = members.slice(at, at + BATCH);
    let found: Map<string, Uint8Array>;
    try {
      found = zip.zipMembers(archive, batch);
    } catch (err) {
      throw bad(src.url, featureId, `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
    }
    for (const name of batch) {
      const bytes = found.get(name);
      if (!bytes) throw bad(src.url, featureId, `no member ${name}`);
      await use(name, bytes);
    }
  }
}

async function numeric(src: ZipSource, name: string, bytes: Uint8Array, featureId: string): Promise<NumericMatrix> {
  const m = await parseNumericMatrix(bytes, src.decoder);
  if (!m) throw bad(src.url, featureId, `${name}: non-numeric cell or ragged rows`);
  if (m.rows === 0) throw bad(src.url, featureId, `${name} has no rows`);
  return m;
}

const toRows = (m: NumericMatrix, values: Float64Array, divisor = 1): number[][] =>
  Array.from({ length: m.rows }, (_, i) =>
    Array.from(values.subarray(i * m.cols, (i + 1) * m.cols), (x) => x / divisor),
  );

/** A member as a numeric matrix (every cell must be a number). */
export async function readNumericMember(
  ctx: FeatureContext,
  src: ZipSource,
  member: string,
  featureId: string,
): Promise<number[][]> {
  let out: number[][] = [];
  await forEachMember(ctx, src, [member], featureId, async (name, bytes) => {
    const m = await numeric(src, name, bytes, featureId);
    out = toRows(m, m.values);
  });
  return out;
}

/**
 * Element-wise mean of the members (`np.stack(all).mean(0)`), accumulated member by member so only
 * one batch of inflated members is alive besides the sum, with pauses between slices.
 */
export async function meanOfMembers(
  ctx: FeatureContext,
  src: ZipSource,
  members: string[],
  featureId: string,
): Promise<number[][]> {
  let sum: Float64Array | null = null;
  let shape: NumericMatrix | null = null;
  const slicer = new Slicer();
  await forEachMember(ctx, src, members, featureId, async (name, bytes) => {
    const m = await numeric(src, name, bytes, featureId);
    if (shape === null || sum === null) {
      shape = m;
      sum = new Float64Array(m.rows * m.cols);
    }
    if (m.rows !== shape.rows || m.cols !== shape.cols)
      throw bad(src.url, featureId, `${name}: ${m.rows}×${m.cols}, expected ${shape.rows}×${shape.cols}`);
    const acc = sum;
    for (let i = 0; i < acc.length; i++) acc[i] += m.values[i];
    if (slicer.due()) await slicer.pause();
  });
  if (sum === null || shape === null) throw new Error(`feature ${featureId} has no matrices`);
  return toRows(shape, sum, members.length);
}

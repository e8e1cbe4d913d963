import { Slicer } from "./yield.ts";

/**
 * The subset of `pandas.read_csv` that siibra 0.4's decoders use: a delimiter (a string, or a regex
 * such as `\s+` or a multi-character separator, which pandas' python engine treats as a regex), a
 * header row (`0`/`"infer"`) or none, leading rows to skip, and dropping blank lines.
 */
export type DelimitedOptions = {
  delimiter: string;
  header: "infer" | 0 | null;
  skipRows?: number;
};

export type TextTable = { columns: string[]; rows: string[][] };

function splitter(delimiter: string): (line: string) => string[] {
  if (delimiter === "\\s+") return (line) => line.trim().split(/\s+/);
  if (delimiter.length === 1) return (line) => line.split(delimiter);
  const re = new RegExp(delimiter);
  return (line) => line.split(re);
}

/** Strips one pair of surrounding double quotes (pandas' default quoting). */
const unquote = (cell: string) =>
  cell.length >= 2 && cell[0] === '"' && cell.endsWith('"') ? cell.slice(1, -1) : cell;

export async function parseDelimited(text: string, opts: DelimitedOptions): Promise<TextTable> {
  const split = splitter(opts.delimiter);
  const lines = text.split(/\r?\n/);
  const slicer = new Slicer();
  const rows: string[][] = [];
  let skip = opts.skipRows ?? 0;
  let columns: string[] | null = null;
  for (const line of lines) {
    if (skip > 0) {
      skip--;
      continue;
    }
    if (line.trim() === "") continue;
    const cells = split(line).map(unquote);
    if (columns === null && opts.header !== null) {
      columns = cells;
      continue;
    }
    rows.push(cells);
    if (rows.length % 64 === 0 && slicer.due()) await slicer.pause();
  }
  const width = Math.max(columns?.length ?? 0, ...rows.slice(0, 1).map((r) => r.length));
  return { columns: columns ?? Array.from({ length: width }, (_, i) => String(i)), rows };
}

/** pandas' float parsing of a cell: empty or unparseable → NaN (serialized as null). */
export function toNumber(cell: string | undefined): number {
  if (cell === undefined) return Number.NaN;
  const t = cell.trim();
  if (t === "") return Number.NaN;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const lower = t.toLowerCase();
  if (lower === "nan" || lower === "na" || lower === "n/a") return Number.NaN;
  if (lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/** Whether a cell is a number pandas would have parsed (used to reject garbage files). */
export const isNumeric = (cell: string | undefined) => !Number.isNaN(toNumber(cell));

import { Slicer } from "./yield.ts";
import type { DelimitedOptions } from "./delimited.ts";

/**
 * Fast path for the big numeric files (connectivity matrices, signal tables): one pass over the
 * characters, cells cut at the delimiter (whitespace runs for `\s+` and multi-space separators),
 * numbers read with `Number` on the slice, rows into one Float64Array. Pauses between slices of
 * rows. Returns null when a cell is not a number, so the caller can report the file as bad.
 */
export type NumericMatrix = { rows: number; cols: number; values: Float64Array; header: string[] | null };

const NL = 10;
const CR = 13;

function isWhitespaceDelimiter(delimiter: string): boolean {
  return delimiter === "\\s+" || /^ +$/.test(delimiter) || delimiter === "\t";
}

const DECODER = new TextDecoder();

export async function parseNumericMatrix(text: Uint8Array, opts: DelimitedOptions): Promise<NumericMatrix | null> {
  const ws = isWhitespaceDelimiter(opts.delimiter);
  const sep = ws ? -1 : opts.delimiter.charCodeAt(0);
  if (!ws && opts.delimiter.length !== 1) return null;
  let pos = 0;
  const end = text.length;
  // Skipped rows and the header are cut by lines.
  for (let skip = opts.skipRows ?? 0; skip > 0 && pos < end; skip--) {
    const nl = text.indexOf(NL, pos);
    pos = nl < 0 ? end : nl + 1;
  }
  let header: string[] | null = null;
  if (opts.header !== null) {
    const nl = text.indexOf(NL, pos);
    const line = DECODER.decode(text.subarray(pos, nl < 0 ? end : nl)).replace(/\r$/, "");
    header = ws ? line.trim().split(/\s+/) : line.split(opts.delimiter);
    pos = nl < 0 ? end : nl + 1;
  }
  // Tokens the fast path cannot read exactly are read by `Number` on the decoded text (ASCII: same offsets).
  let decoded: string | null = null;
  let values = new Float64Array(1024);
  let count = 0;
  let cols = -1;
  let rows = 0;
  let rowCells = 0;
  const slicer = new Slicer();
  const push = (x: number) => {
    if (count === values.length) {
      const grown = new Float64Array(values.length * 2);
      grown.set(values);
      values = grown;
    }
    values[count++] = x;
    rowCells++;
  };
  while (pos < end) {
    const c = text[pos];
    if (c === NL || c === CR) {
      if (rowCells > 0) {
        if (cols < 0) cols = rowCells;
        else if (rowCells !== cols) return null;
        rows++;
        rowCells = 0;
        if ((rows & 63) === 0 && slicer.due()) await slicer.pause();
      }
      pos++;
      continue;
    }
    if (ws ? c === 32 || c === 9 : c === sep) {
      if (!ws && (pos === 0 || text[pos - 1] === sep)) push(Number.NaN); // empty cell
      pos++;
      continue;
    }
    let stop = pos;
    while (stop < end) {
      const d = text[stop];
      if (d === NL || d === CR || (ws ? d === 32 || d === 9 : d === sep)) break;
      stop++;
    }
    let x = fastNumber(text, pos, stop);
    if (Number.isNaN(x)) {
      decoded ??= DECODER.decode(text);
      const token = decoded.slice(pos, stop);
      x = Number(token);
      if (Number.isNaN(x) && !/^(nan|NaN|NA)$/.test(token)) return null;
    }
    push(x);
    pos = stop;
  }
  if (rowCells > 0) {
    if (cols >= 0 && rowCells !== cols) return null;
    if (cols < 0) cols = rowCells;
    rows++;
  }
  return { rows, cols: Math.max(cols, 0), values: values.subarray(0, count), header };
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Decimal text → number without allocating: integer mantissa and a power of ten combined in one
 * correctly rounded operation, which equals `Number(text)` while the mantissa is below 2^53 and the
 * exponent within ±22. NaN for anything else (the caller falls back to `Number`).
 */
function fastNumber(text: Uint8Array, start: number, stop: number): number {
  let i = start;
  let negative = false;
  let c = text[i];
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDot = false;
  for (; i < stop; i++) {
    c = text[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) scale--;
    } else if (c === 46 && !seenDot) seenDot = true;
    else break;
  }
  if (digits === 0) return Number.NaN;
  if (i < stop) {
    if (c !== 101 && c !== 69) return Number.NaN;
    i++;
    let expNegative = false;
    c = text[i];
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      i++;
    }
    let exp = 0;
    let expDigits = 0;
    for (; i < stop; i++) {
      c = text[i];
      if (c < 48 || c > 57) return Number.NaN;
      exp = exp * 10 + (c - 48);
      expDigits++;
    }
    if (expDigits === 0) return Number.NaN;
    scale += expNegative ? -exp : exp;
  }
  if (mantissa > Number.MAX_SAFE_INTEGER || scale > 22 || scale < -22) return Number.NaN;
  const value = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
  return negative ? -value : value;
}

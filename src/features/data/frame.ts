/**
 * A pandas DataFrame as far as siibra-api serializes one (`DataFrameModel`): index labels, column
 * labels and a row-major table. Labels are strings, numbers or region models (matrices).
 */
export type Cell = number | string | null;
export type Frame = { index: unknown[]; columns: unknown[]; data: Cell[][] };

/** NaN/±inf are not JSON; siibra-api's serializer turns them into null. */
const jsonCell = (x: Cell): Cell => (typeof x === "number" && !Number.isFinite(x) ? null : x);

/** `DataFrameModel` keys in upstream order. */
export function frameModel(frame: Frame) {
  return {
    "@type": null,
    index: frame.index,
    columns: frame.columns,
    ndim: 2,
    data: frame.data.map((row) => row.map(jsonCell)),
  };
}

/** Bytes a frame holds in memory, roughly (8 per number, 2 per string character), for the byte-bounded cache. */
export function frameBytes(frame: Frame): number {
  let bytes = 64 * (frame.index.length + frame.columns.length);
  for (const row of frame.data) {
    for (const cell of row) bytes += typeof cell === "string" ? 16 + 2 * cell.length : 8;
  }
  return bytes;
}

/** Python/pandas mean and sample std (ddof 1) over the finite values; NaN when there are none. */
export function meanStd(values: number[]): [number, number] {
  const finite = values.filter((v) => !Number.isNaN(v));
  if (finite.length === 0) return [Number.NaN, Number.NaN];
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  if (finite.length < 2) return [mean, Number.NaN];
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1);
  return [mean, Math.sqrt(variance)];
}

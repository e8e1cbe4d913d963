/**
 * Small raster helpers for the cell density profile: bilinear resampling with skimage's pixel-centre
 * convention, scanline polygon filling (`skimage.draw.polygon`: pixel centres inside the polygon) and
 * equidistant sampling along a polyline (siibra's `PolyLine.sample`).
 */
export type Grid = { rows: number; cols: number; data: Float64Array };

export const grid = (rows: number, cols: number): Grid => ({ rows, cols, data: new Float64Array(rows * cols) });

/** Value of `src` resized to `outRows × outCols`, at output pixel (r, c); edges clamp. */
export function bilinearAt(src: Grid, outRows: number, outCols: number, r: number, c: number): number {
  const y = Math.min(Math.max((r + 0.5) * (src.rows / outRows) - 0.5, 0), src.rows - 1);
  const x = Math.min(Math.max((c + 0.5) * (src.cols / outCols) - 0.5, 0), src.cols - 1);
  const y0 = Math.floor(y);
  const x0 = Math.floor(x);
  const y1 = Math.min(y0 + 1, src.rows - 1);
  const x1 = Math.min(x0 + 1, src.cols - 1);
  const fy = y - y0;
  const fx = x - x0;
  const d = src.data;
  const top = d[y0 * src.cols + x0] * (1 - fx) + d[y0 * src.cols + x1] * fx;
  const bottom = d[y1 * src.cols + x0] * (1 - fx) + d[y1 * src.cols + x1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Sets `value` on every pixel whose centre lies inside the polygon (rows, cols), even-odd rule. */
export function fillPolygon(target: Grid, rows: number[], cols: number[], value: number): void {
  const n = rows.length;
  const rMin = Math.max(0, Math.ceil(Math.min(...rows)));
  const rMax = Math.min(target.rows - 1, Math.floor(Math.max(...rows)));
  for (let r = rMin; r <= rMax; r++) {
    const xs: number[] = [];
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const ri = rows[i];
      const rj = rows[j];
      if (ri > r !== rj > r) xs.push(cols[i] + ((r - ri) * (cols[j] - cols[i])) / (rj - ri));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil(xs[k]));
      const c1 = Math.min(target.cols - 1, Math.floor(xs[k + 1]));
      for (let c = c0; c <= c1; c++) target.data[r * target.cols + c] = value;
    }
  }
}

export type Point = [number, number];

/** Points at relative arc-length positions `ts` (clamped to [0, 1]) along the polyline. */
export function samplePolyline(pts: Point[], ts: number[]): Point[] {
  const lengths = pts.slice(1).map((p, i) => Math.hypot(p[0] - pts[i][0], p[1] - pts[i][1]));
  const total = lengths.reduce((a, b) => a + b, 0);
  const out: Point[] = [];
  for (const t of ts) {
    const target = Math.min(Math.max(t, 0), 1) * total;
    let acc = 0;
    for (let i = 0; i < lengths.length; i++) {
      acc += lengths[i];
      if (acc >= target) {
        const r = lengths[i] === 0 ? 0 : (target - acc + lengths[i]) / lengths[i];
        out.push([pts[i][0] + (pts[i + 1][0] - pts[i][0]) * r, pts[i][1] + (pts[i + 1][1] - pts[i][1]) * r]);
        break;
      }
    }
  }
  return out;
}

/** numpy `arange(start, stop, step)`. */
export function arange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return Array.from({ length: n }, (_, i) => start + i * step);
}

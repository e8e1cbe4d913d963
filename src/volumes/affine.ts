/** 4×4 affine matrices (voxel → mm), row-major flat arrays of 16 numbers. */
export type Affine = readonly number[];

export type Vec3 = [number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

export function apply(a: Affine, p: readonly number[]): Vec3 {
  const [x, y, z] = p;
  return [
    a[0] * x + a[1] * y + a[2] * z + a[3],
    a[4] * x + a[5] * y + a[6] * z + a[7],
    a[8] * x + a[9] * y + a[10] * z + a[11],
  ];
}

export function multiply(a: Affine, b: Affine): Affine {
  const out = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[r * 4 + k] * b[k * 4 + c];
      out[r * 4 + c] = s;
    }
  }
  return out;
}

export function translation(t: readonly number[]): Affine {
  return [1, 0, 0, t[0], 0, 1, 0, t[1], 0, 0, 1, t[2], 0, 0, 0, 1];
}

/** Inverse of an affine (last row 0 0 0 1); null when the linear part is singular. */
export function invert(a: Affine): Affine | null {
  const [m00, m01, m02, t0, m10, m11, m12, t1, m20, m21, m22, t2] = a;
  const c00 = m11 * m22 - m12 * m21;
  const c01 = m12 * m20 - m10 * m22;
  const c02 = m10 * m21 - m11 * m20;
  const det = m00 * c00 + m01 * c01 + m02 * c02;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const inv = [
    c00 / det,
    (m02 * m21 - m01 * m22) / det,
    (m01 * m12 - m02 * m11) / det,
    c01 / det,
    (m00 * m22 - m02 * m20) / det,
    (m02 * m10 - m00 * m12) / det,
    c02 / det,
    (m01 * m20 - m00 * m21) / det,
    (m00 * m11 - m01 * m10) / det,
  ];
  const ti = [
    -(inv[0] * t0 + inv[1] * t1 + inv[2] * t2),
    -(inv[3] * t0 + inv[4] * t1 + inv[5] * t2),
    -(inv[6] * t0 + inv[7] * t1 + inv[8] * t2),
  ];
  return [inv[0], inv[1], inv[2], ti[0], inv[3], inv[4], inv[5], ti[1], inv[6], inv[7], inv[8], ti[2], 0, 0, 0, 1];
}

/** siibra's `affine_scaling`: product of the lengths of the three mapped unit vectors (mm³ per voxel). */
export function voxelVolume(a: Affine): number {
  const o = apply(a, [0, 0, 0]);
  let product = 1;
  for (const unit of [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]) {
    const p = apply(a, unit);
    product *= Math.hypot(p[0] - o[0], p[1] - o[1], p[2] - o[2]);
  }
  return product;
}

export function sameAffine(a: Affine, b: Affine, tolerance = 1e-12): boolean {
  let sq = 0;
  for (let i = 0; i < 16; i++) sq += (a[i] - b[i]) ** 2;
  return Math.sqrt(sq) <= tolerance;
}

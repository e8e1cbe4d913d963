/**
 * Connected components of a binary mask with full 26-connectivity (skimage's `measure.label`
 * default in 3D), as siibra 0.4's `Region.spatial_props` computes them for centroids.
 */
import { apply, voxelVolume } from "./affine.ts";
import type { Image } from "./image.ts";
import type { Vec3 } from "./affine.ts";

export type Component = {
  voxels: number;
  /** Physical volume (voxels × siibra's `affine_scaling`). */
  volume: number;
  centroid: Vec3;
  /** First voxel in C order (i slowest): skimage numbers components in that order. */
  first: Vec3;
};

/** Components sorted as siibra sorts them: by volume, descending; ties keep skimage's label order. */
export function components(mask: Image): Component[] {
  const [nx, ny, nz] = mask.dims;
  const src = mask.data;
  const seen = new Uint8Array(src.length);
  const scale = voxelVolume(mask.affine);
  const found: Component[] = [];
  let queue = new Int32Array(0);
  for (let start = 0; start < src.length; start++) {
    if (src[start] === 0 || seen[start]) continue;
    if (queue.length === 0) queue = new Int32Array(countNonzero(src));
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    seen[start] = 1;
    let si = 0;
    let sj = 0;
    let sk = 0;
    let first: Vec3 = [nx, ny, nz];
    while (head < tail) {
      const n = queue[head++];
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      si += i;
      sj += j;
      sk += k;
      if (i < first[0] || (i === first[0] && (j < first[1] || (j === first[1] && k < first[2])))) first = [i, j, k];
      for (let dk = -1; dk <= 1; dk++) {
        const kk = k + dk;
        if (kk < 0 || kk >= nz) continue;
        for (let dj = -1; dj <= 1; dj++) {
          const jj = j + dj;
          if (jj < 0 || jj >= ny) continue;
          for (let di = -1; di <= 1; di++) {
            const ii = i + di;
            if (ii < 0 || ii >= nx) continue;
            const m = ii + nx * (jj + ny * kk);
            if (src[m] !== 0 && !seen[m]) {
              seen[m] = 1;
              queue[tail++] = m;
            }
          }
        }
      }
    }
    found.push({
      voxels: tail,
      volume: tail * scale,
      centroid: apply(mask.affine, [si / tail, sj / tail, sk / tail]),
      first,
    });
  }
  return found.sort(
    (a, b) => b.volume - a.volume || a.first[0] - b.first[0] || a.first[1] - b.first[1] || a.first[2] - b.first[2],
  );
}

function countNonzero(data: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}

/**
 * Synthetic Julich-Brain 3.1 / MNI152 files at the configuration's URLs: the labelled map at its real
 * MNI152 size (2 × 193×229×193 int16), the template (zip/nii at the MNI host, same grid), and the
 * probability maps of the 207-area statistical map on a 2 mm grid (97×115×97 float32, a blob per
 * region) to keep generation short.
 */
import { zipSync } from "fflate";
import { nifti, niftiRaw } from "./nifti.ts";
import { BIC_PATH, proxyPath } from "./origins.ts";
import type { Files } from "./origins.ts";

type MapDoc = {
  volumes: { providers: Record<string, string | Record<string, string>> }[];
  indices: Record<string, { volume?: number; label?: number; fragment?: string }[]>;
};

export const LABELLED_MAP = "maps/mni152-jba31-labelled.json";
export const STATISTICAL_MAP = "maps/mni152-jba31_207-continuous.json";
const TEMPLATE_PATH = "~vfonov/icbm/2009/mni_icbm152_nlin_asym_09c_nifti.zip";

export async function volumeFiles(config: string, files: Files): Promise<void> {
  const labelled = (await Bun.file(`${config}/${LABELLED_MAP}`).json()) as MapDoc;
  const statistical = (await Bun.file(`${config}/${STATISTICAL_MAP}`).json()) as MapDoc;
  // Labelled: per hemisphere, 12 mm cubes cycling through that hemisphere's labels.
  const dims = [193, 229, 193];
  const srow = [1, 0, 0, -96, 0, 1, 0, -132, 0, 0, 1, -78];
  const nii = labelled.volumes[0].providers.nii as Record<string, string>;
  for (const [fragment, url] of Object.entries(nii)) {
    const labels = [
      ...new Set(
        Object.values(labelled.indices)
          .flat()
          .filter((e) => e.fragment === fragment)
          .map((e) => e.label as number),
      ),
    ];
    const left = fragment.startsWith("left");
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 20; k < 170; k++) {
      for (let j = 20; j < 210; j++) {
        for (let i = left ? 10 : 97; i < (left ? 96 : 183); i++) {
          const cube = Math.floor(i / 12) + 17 * Math.floor(j / 12) + 31 * Math.floor(k / 12);
          data[i + dims[0] * (j + dims[1] * k)] = labels[cube % labels.length];
        }
      }
    }
    files.set(proxyPath(url), nifti(dims, 4, data, srow));
  }
  // Template (zip/nii at the MNI host): the same grid, a smooth float32 volume.
  const t1 = new Float32Array(dims[0] * dims[1] * dims[2]).map((_, n) => (n % 193) + ((n / 193) % 229));
  const zipped = zipSync({ "mni_icbm152_t1_tal_nlin_asym_09c.nii": niftiRaw(dims, 16, t1, srow) }, { level: 1 });
  files.set(`${BIC_PATH}${TEMPLATE_PATH}`, new Uint8Array(zipped));
  // Statistical: one 10-voxel blob per region on a 2 mm grid.
  const sdims = [97, 115, 97];
  const ssrow = [2, 0, 0, -96, 0, 2, 0, -132, 0, 0, 2, -78];
  let n = 0;
  for (const entries of Object.values(statistical.indices)) {
    const volume = statistical.volumes[entries[0].volume ?? 0];
    const data = new Float32Array(sdims[0] * sdims[1] * sdims[2]);
    const [ci, cj, ck] = [10 + ((n * 7) % 75), 10 + ((n * 13) % 90), 10 + ((n * 5) % 75)];
    for (let k = ck; k < ck + 10; k++) {
      for (let j = cj; j < cj + 10; j++) {
        for (let i = ci; i < ci + 10; i++) data[i + sdims[0] * (j + sdims[1] * k)] = 0.1 + ((i + j + k) % 9) / 10;
      }
    }
    files.set(proxyPath(volume.providers.nii as string), nifti(sdims, 16, data, ssrow));
    n++;
  }
}

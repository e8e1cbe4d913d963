import { remapUrl } from "../lib/remote.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { RemapRules } from "../lib/remote.ts";
import type { ProviderValue, Volume } from "../atlas/model.ts";

const MESH_FORMATS = new Set([
  "neuroglancer/precompmesh",
  "neuroglancer/precompmesh/surface",
  "gii-mesh",
  "gii-label",
  "freesurfer-annot",
  "zip/freesurfer-annot",
]);
const IMAGE_FORMATS = new Set(["nii", "zip/nii", "neuroglancer/precomputed"]);
/** Providers whose fragment names are the keys of their URL map (siibra 0.4: neuroglancer and gii-label list none). */
const KEYED_FRAGMENTS = new Set(["nii", "zip/nii", "gii-mesh", "freesurfer-annot", "zip/freesurfer-annot"]);

function remapProvider(value: ProviderValue, rules: RemapRules): ProviderValue {
  if (typeof value === "string") return remapUrl(value, rules);
  return Object.fromEntries(Object.entries(value).map(([k, u]) => [k, remapUrl(u, rules)]));
}

/**
 * `VolumeModel`. `formats` is a set upstream; we sort it (decision 4). Mesh fragment names of
 * `neuroglancer/precompmesh/surface` templates live on the neuroglancer host and are not listed.
 */
export async function volumeModel(volume: Volume, rules: RemapRules, datasets: DatasetResolver) {
  const keys = Object.keys(volume.providers);
  const formats = new Set(keys);
  if (keys.some((k) => IMAGE_FORMATS.has(k))) formats.add("image");
  if (keys.some((k) => MESH_FORMATS.has(k))) formats.add("mesh");
  const fragments: Record<string, string[]> = {};
  for (const [format, value] of Object.entries(volume.providers)) {
    if (!KEYED_FRAGMENTS.has(format) || typeof value === "string") continue;
    const kind = MESH_FORMATS.has(format) ? "mesh" : "image";
    const names = Object.keys(value);
    if (names.length) fragments[kind] = [...(fragments[kind] ?? []), ...names];
  }
  return {
    "@type": null,
    name: volume.name,
    formats: [...formats].sort(),
    providesMesh: keys.some((k) => MESH_FORMATS.has(k)),
    providesImage: keys.some((k) => IMAGE_FORMATS.has(k)),
    fragments,
    variant: volume.variant,
    providedVolumes: Object.fromEntries(Object.entries(volume.providers).map(([k, p]) => [k, remapProvider(p, rules)])),
    space: { "@id": volume.spaceId },
    datasets: await datasets.resolve(volume.datasets),
  };
}

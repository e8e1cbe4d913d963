import { remapUrl } from "../lib/remote.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { RemapRules } from "../lib/remote.ts";
import type { ProviderValue, Volume } from "../atlas/model.ts";
import { NO_MESH_FRAGMENTS } from "../atlas/mesh-fragments.ts";
import type { MeshFragments } from "../atlas/mesh-fragments.ts";

const MESH_FORMATS = new Set([
  "neuroglancer/precompmesh",
  "neuroglancer/precompmesh/surface",
  "gii-mesh",
  "gii-label",
  "freesurfer-annot",
  "zip/freesurfer-annot",
]);
const SURFACE_MESH = "neuroglancer/precompmesh/surface";
const IMAGE_FORMATS = new Set(["nii", "zip/nii", "neuroglancer/precomputed"]);
/** Providers whose fragment names are the keys of their URL map (siibra 0.4: neuroglancer and gii-label list none). */
const KEYED_FRAGMENTS = new Set(["nii", "zip/nii", "gii-mesh", "freesurfer-annot", "zip/freesurfer-annot"]);

function remapProvider(value: ProviderValue, rules: RemapRules): ProviderValue {
  if (typeof value === "string") return remapUrl(value, rules);
  return Object.fromEntries(Object.entries(value).map(([k, u]) => [k, remapUrl(u, rules)]));
}

/** Fragment names per provider, in provider order (siibra 0.4 `Volume.fragments`). */
async function fragmentsOf(volume: Volume, meshes: MeshFragments): Promise<Record<string, string[]>> {
  const perProvider = await Promise.all(
    Object.entries(volume.providers).map(async ([format, value]): Promise<[string, string[]]> => {
      const kind = MESH_FORMATS.has(format) ? "mesh" : "image";
      if (format === SURFACE_MESH && typeof value === "string") return [kind, await meshes.names(value)];
      if (!KEYED_FRAGMENTS.has(format) || typeof value === "string") return [kind, []];
      return [kind, Object.keys(value)];
    }),
  );
  const fragments: Record<string, string[]> = {};
  for (const [kind, names] of perProvider)
    if (names.length > 0) fragments[kind] = [...(fragments[kind] ?? []), ...names];
  return fragments;
}

/**
 * `VolumeModel`. `formats` is a set upstream; we sort it (docs/decisions.md#deterministic-order). Mesh
 * fragment names of `neuroglancer/precompmesh/surface` volumes come from the neuroglancer host (see
 * mesh-fragments.ts).
 */
export async function volumeModel(
  volume: Volume,
  rules: RemapRules,
  datasets: DatasetResolver,
  meshes: MeshFragments = NO_MESH_FRAGMENTS,
) {
  const keys = Object.keys(volume.providers);
  const formats = new Set(keys);
  if (keys.some((k) => IMAGE_FORMATS.has(k))) formats.add("image");
  if (keys.some((k) => MESH_FORMATS.has(k))) formats.add("mesh");
  const [fragments, volumeDatasets] = await Promise.all([
    fragmentsOf(volume, meshes),
    datasets.resolve(volume.datasets),
  ]);
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
    datasets: volumeDatasets,
  };
}

import { volumeModel } from "./volume.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { RemapRules } from "../lib/remote.ts";
import type { ParcellationMap } from "../atlas/model.ts";
import type { MeshFragments } from "../atlas/mesh-fragments.ts";

/**
 * `MapModel`. List form (`/maps`) has empty `indices` and `volumes`; `description` repeats the modality (an
 * upstream quirk, reproduced: docs/decisions.md#map-description-is-the-modality). Dataset URLs also appear as
 * publications.
 */
export async function mapModel(
  m: ParcellationMap,
  detail: boolean,
  rules: RemapRules,
  datasets: DatasetResolver,
  meshes?: MeshFragments,
) {
  const mapDatasets = await datasets.resolve(m.datasets);
  const publications = [
    ...m.publications.map((p) => ({ "@type": null, citation: p.citation ?? "", url: p.url ?? "" })),
    ...mapDatasets.flatMap((ds) =>
      ((ds.urls ?? []) as { url: string }[]).map((u) => ({
        "@type": null,
        citation: `Dataset name: ${String(ds.name)}`,
        url: u.url,
      })),
    ),
  ];
  return {
    "@type": null,
    "@id": m.id,
    name: m.name,
    shortname: m.shortName,
    modality: m.modality,
    description: m.modality,
    publications,
    datasets: mapDatasets,
    species: m.species,
    indices: detail
      ? Object.fromEntries(
          Object.entries(m.indices).map(([name, list]) => [
            name,
            list.map((i) => ({ "@type": null, volume: i.volume, label: i.label, fragment: i.fragment })),
          ]),
        )
      : {},
    volumes: detail ? await Promise.all(m.volumes.map((v) => volumeModel(v, rules, datasets, meshes))) : [],
    parcellation: { "@id": m.parcellationId },
    space: { "@id": m.spaceId },
    maptype: m.maptype,
  };
}

import { coordinate, VOCAB } from "./common.ts";
import { volumeModel } from "./volume.ts";
import type { DatasetResolver } from "../datasets/types.ts";
import type { RemapRules } from "../lib/remote.ts";
import type { Space } from "../atlas/model.ts";
import type { MeshFragments } from "../atlas/mesh-fragments.ts";

/** `CommonCoordinateSpaceModel`; the openMINDS constants are what upstream hard-codes. */
export async function spaceModel(space: Space, rules: RemapRules, datasets: DatasetResolver, meshes?: MeshFragments) {
  const [defaultImage, spaceDatasets] = await Promise.all([
    Promise.all(space.volumes.map((v) => volumeModel(v, rules, datasets, meshes))),
    datasets.resolve(space.datasets),
  ]);
  return {
    "@type": "siibra-0.4/space",
    "@context": VOCAB,
    "@id": space.id,
    anatomicalAxesOrientation: { "@id": "https://openminds.ebrains.eu/vocab/anatomicalAxesOrientation/XYZ" },
    axesOrigin: [coordinate(0), coordinate(0), coordinate(0)],
    defaultImage,
    digitalIdentifier: null,
    fullName: space.name,
    homepage: null,
    howToCite: null,
    nativeUnit: { "@id": "https://openminds.ebrains.eu/controlledTerms/Terminology/unitOfMeasurement/um" },
    ontologyIdentifier: null,
    releaseDate: "2015-01-01",
    shortName: space.shortName,
    versionIdentifier: space.name,
    datasets: spaceDatasets,
  };
}

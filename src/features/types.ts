/**
 * siibra 0.4's indexed feature classes (dotted path from `Feature`, category) — the class
 * hierarchy is code upstream (the `siibra/features/` modules), so it is declared here.
 */
export const FEATURE_CLASSES: [name: string, category: string | null][] = [
  ["Feature", null],
  ["Feature.EbrainsDataFeature", "other"],
  ["Feature.Image", null],
  ["Feature.Image.BlockfaceVolumeOfInterest", "macrostructural"],
  ["Feature.Image.CellBodyStainedVolumeOfInterest", "cellular"],
  ["Feature.Image.CellbodyStainedSection", "cellular"],
  ["Feature.Image.DTIVolumeOfInterest", "fibres"],
  ["Feature.Image.LSFMVolumeOfInterest", "cellular"],
  ["Feature.Image.MRIVolumeOfInterest", "macrostructural"],
  ["Feature.Image.MorphometryVolumeOfInterest", "macrostructural"],
  ["Feature.Image.PLIVolumeOfInterest", "fibres"],
  ["Feature.Image.XPCTVolumeOfInterest", "cellular"],
  ["Feature.RegionalConnectivity", null],
  ["Feature.RegionalConnectivity.FunctionalConnectivity", "connectivity"],
  ["Feature.RegionalConnectivity.StreamlineCounts", "connectivity"],
  ["Feature.RegionalConnectivity.StreamlineLengths", "connectivity"],
  ["Feature.RegionalConnectivity.TracingConnectivity", "connectivity"],
  ["Feature.Tabular", null],
  ["Feature.Tabular.CorticalProfile", null],
  ["Feature.Tabular.CorticalProfile.BigBrainIntensityProfile", "cellular"],
  ["Feature.Tabular.CorticalProfile.CellDensityProfile", "cellular"],
  ["Feature.Tabular.CorticalProfile.ReceptorDensityProfile", "molecular"],
  ["Feature.Tabular.GeneExpressions", "molecular"],
  ["Feature.Tabular.InterarealConnectivityMatrix", "cellular"],
  ["Feature.Tabular.LayerwiseBigBrainIntensities", "cellular"],
  ["Feature.Tabular.LayerwiseCellDensity", "cellular"],
  ["Feature.Tabular.LocalFieldPotential", "functional"],
  ["Feature.Tabular.MarmosetCalbindinDensityProfile", "cellular"],
  ["Feature.Tabular.ReceptorDensityFingerprint", "molecular"],
  ["Feature.Tabular.RegionalLocalFieldPotential", "functional"],
  ["Feature.Tabular.RegionalTimeseriesActivity", null],
  ["Feature.Tabular.RegionalTimeseriesActivity.RegionalBOLD", "functional"],
];

type QueryParam = [name: string, required: boolean];

/**
 * The `/v3_0` routes a feature type can be listed by, in upstream's route order, with their query
 * parameters in declaration order (page/size excluded). `/feature/_types` derives paths from it.
 */
const FEATURE_LIST_ROUTES: [path: string, params: QueryParam[]][] = [
  [
    "/feature/RegionalConnectivity",
    [
      ["parcellation_id", true],
      ["type", false],
    ],
  ],
  [
    "/feature/CorticalProfile",
    [
      ["parcellation_id", true],
      ["region_id", true],
      ["type", false],
    ],
  ],
  [
    "/feature/Tabular",
    [
      ["parcellation_id", true],
      ["region_id", true],
      ["type", false],
    ],
  ],
  [
    "/feature/Image",
    [
      ["space_id", true],
      ["bbox", false],
      ["type", false],
    ],
  ],
  [
    "/feature/GeneExpressions",
    [
      ["parcellation_id", true],
      ["region_id", true],
      ["gene", true],
    ],
  ],
  [
    "/feature/EbrainsDataFeature",
    [
      ["parcellation_id", true],
      ["region_id", true],
    ],
  ],
];

/** "DTIVolumeOfInterest" → "DTI Volume Of Interest" (upstream's de-pascal-casing). */
function displayName(name: string): string {
  return name
    .replace(/([A-Z][a-z]+)/g, " $1")
    .replace(/([A-Z]{2,})/g, " $1")
    .replace(/\s+/g, " ")
    .trim();
}

/** `FeatureMetaModel` items, sorted by name. */
export function featureTypes() {
  return [...FEATURE_CLASSES]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, category]) => {
      const segments = name.split(".").reverse();
      const route = segments
        .map((seg) => FEATURE_LIST_ROUTES.find(([path]) => path.endsWith(`/${seg}`)))
        .find((r) => r !== undefined);
      const params = route?.[1] ?? null;
      return {
        name,
        display_name: displayName(segments[0]),
        path: route?.[0] ?? null,
        query_params: params ? params.map(([n]) => n) : null,
        required_query_params: params ? params.filter(([, r]) => r).map(([n]) => n) : null,
        optional_query_params: params ? params.filter(([, r]) => !r).map(([n]) => n) : null,
        path_params: route ? [] : null,
        category,
      };
    });
}

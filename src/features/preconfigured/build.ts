import { activityTimeseries, connectivityMatrix, retrogradeConnectivity } from "./connectivity/regional.ts";
import {
  cellDensityProfile,
  layerwiseCellDensity,
  marmosetProfile,
  receptorFingerprint,
  receptorProfile,
} from "./tabular/receptor-fingerprint.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { SpaceNames } from "./anchor-spec.ts";
import type { FeatureDoc } from "./record.ts";
import type { FeatureRecord } from "../model.ts";

const BUILDERS: Record<string, (input: FeatureDoc) => FeatureRecord> = {
  "siibra/feature/fingerprint/receptor/v0.1": receptorFingerprint,
  "siibra/feature/profile/receptor/v0.1": receptorProfile,
  "siibra/feature/profile/celldensity/v0.1": cellDensityProfile,
  "siibra/feature/profile/marmosetcelldensity/v0.1": marmosetProfile,
  "siibra/feature/fingerprint/celldensity/v0.1": layerwiseCellDensity,
  "siibra/feature/timeseries/activity/v0.1": activityTimeseries,
  "siibra/feature/connectivitymatrix/v0.2": connectivityMatrix,
  "siibra/feature/connectivity/retrograde/v0.1": retrogradeConnectivity,
};

/**
 * The class reading each leaf folder (`configuration_folder`). Image folders are not listed: VOIs
 * and sections are anchored spatially, which needs voxel data, so they are not built here.
 */
export const FOLDER_CLASSES: Record<string, string> = {
  "features/tabular/fingerprints/receptor": "ReceptorDensityFingerprint",
  "features/tabular/corticalprofiles/receptor": "ReceptorDensityProfile",
  "features/tabular/corticalprofiles/celldensity": "CellDensityProfile",
  "features/tabular/corticalprofiles/marmosetcelldensity": "MarmosetCalbindinDensityProfile",
  "features/tabular/layerstatistics/celldensity": "LayerwiseCellDensity",
  "features/tabular/activity_timeseries/bold": "RegionalBOLD",
  "features/tabular/connectivitystrength": "InterarealConnectivityMatrix",
  "features/connectivity/regional/functional": "FunctionalConnectivity",
  "features/connectivity/regional/streamlinecounts": "StreamlineCounts",
  "features/connectivity/regional/streamlinelengths": "StreamlineLengths",
  "features/connectivity/regional/tracing": "TracingConnectivity",
};

const folderOf = (path: string) => path.slice(0, path.lastIndexOf("/"));

/**
 * Features by class name, each list in file order. As in siibra, a class keeps only the objects of
 * its own folder that are instances of itself (a StreamlineCounts file in the functional folder is
 * built, then dropped). Unknown `@type`s are configuration errors, as upstream.
 */
export function buildFeatures(docs: [string, unknown][], spaceName: SpaceNames): Map<string, FeatureRecord[]> {
  const byClass = new Map<string, FeatureRecord[]>(Object.values(FOLDER_CLASSES).map((c) => [c, []]));
  for (const [path, raw] of docs) {
    const className = FOLDER_CLASSES[folderOf(path)];
    if (!className) continue;
    const doc = raw as Json;
    const build = BUILDERS[String(doc["@type"])];
    if (!build)
      throw new Error(`configuration ${path}: No factory method for specification type ${String(doc["@type"])}.`);
    const record = build({ doc, path, spaceName });
    if (record.className === className) byClass.get(className)?.push(record);
  }
  return byClass;
}

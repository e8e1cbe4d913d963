import { receptorFingerprint } from "./tabular/receptor-fingerprint.ts";
import { layerwiseCellDensity } from "./tabular/layerwise-cell-density.ts";
import { marmosetProfile } from "./tabular/marmoset-profile.ts";
import { receptorProfile } from "./profiles/receptor-profile.ts";
import { cellDensityProfile } from "./profiles/cell-density-profile.ts";
import { regionalBold } from "./connectivity/regional-bold.ts";
import { interarealConnectivity } from "./connectivity/interareal.ts";
import {
  functionalConnectivity,
  streamlineCounts,
  streamlineLengths,
  tracingConnectivity,
} from "./connectivity/regional.ts";
import type { PreconfiguredClass } from "./feature-class.ts";

/**
 * The preconfigured feature classes, in siibra's order (it orders the index: `byId` takes the first
 * class with the id). Adding a class: a module exporting its `PreconfiguredClass`, and a line here.
 * Image features (VOIs, sections) are not here: they are anchored spatially (src/features/images).
 */
export const PRECONFIGURED_CLASSES: readonly PreconfiguredClass[] = [
  receptorFingerprint,
  receptorProfile,
  cellDensityProfile,
  marmosetProfile,
  layerwiseCellDensity,
  regionalBold,
  interarealConnectivity,
  functionalConnectivity,
  streamlineCounts,
  streamlineLengths,
  tracingConnectivity,
];

const BY_NAME = new Map(PRECONFIGURED_CLASSES.map((c) => [c.name, c]));
const BY_FOLDER = new Map(PRECONFIGURED_CLASSES.map((c) => [c.folder, c]));
// Classes of one family share their file `@type` and its builder (RegionalConnectivity).
const BY_SPEC = new Map(PRECONFIGURED_CLASSES.map((c) => [c.spec, c]));

export const classNamed = (name: string): PreconfiguredClass | undefined => BY_NAME.get(name);

/** The class reading a configuration folder (`configuration_folder`). */
export const classOfFolder = (folder: string): PreconfiguredClass | undefined => BY_FOLDER.get(folder);

/** The class whose builder a file's `@type` selects (`Factory.build_*`). */
export const classOfSpec = (type: string): PreconfiguredClass | undefined => BY_SPEC.get(type);

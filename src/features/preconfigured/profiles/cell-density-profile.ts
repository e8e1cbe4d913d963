import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { loadCellDensityProfile } from "./cell-density-image.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "CellDensityProfile";

/** A class constant upstream (the file's own `unit` is ignored). */
const UNIT = "detected cells / 0.1mm3";

/** Class `DESCRIPTION` of siibra 0.4a106, verbatim. */
const DESCRIPTION =
  "Cortical profile of estimated densities of detected cell bodies (in detected cells per 0.1 cube millimeter) obtained by applying a Deep Learning based instance segmentation algorithm (Contour Proposal Network; Upschulte et al., Neuroimage 2022) to a 1 micron resolution cortical image patch prepared with modified Silver staining. Densities have been computed per cortical layer after manual layer segmentation, by dividing the number of detected cells in that layer with the area covered by the layer. Therefore, each profile contains 6 measurement points. The cortical depth is estimated from the measured layer thicknesses.";

/** Segmented cell bodies of a cortical patch, binned by cortical depth (cell-density-image.ts). */
export const cellDensityProfile: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/corticalprofiles/celldensity",
  spec: "siibra/feature/profile/celldensity/v0.1",
  build(input) {
    for (const key of ["section", "patch", "file"]) reqStr(input.doc, key, input.path);
    return featureRecord(input, {
      className: NAME,
      kind: "profile",
      modality: "Segmented cell body density",
      description: DESCRIPTION,
      profile: { unit: UNIT },
    });
  },
  async load(ctx, { record, doc }) {
    const p = await loadCellDensityProfile(ctx, str(doc, "file") ?? "", record.id);
    const unit = record.profile?.unit ?? UNIT;
    return {
      kind: "profile",
      frame: { index: p.depths, columns: [`${record.modality} (${unit})`], data: p.values.map((v) => [v]) },
      unit,
      boundaries: p.boundaries,
    };
  },
};

import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { labelName } from "../../data/matrix-regions.ts";
import { barFigure } from "../../plots/figures.ts";
import { matrixFrame, requireMatrixFields } from "./matrix-frame.ts";
import type { Frame } from "../../data/frame.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "RegionalBOLD";

/** Column means of a table (`table.mean()`), as a one-column frame over the column labels. */
function columnMeans(frame: Frame): Frame {
  return {
    index: frame.columns.map(labelName),
    columns: ["mean"],
    data: frame.columns.map((_, j) => {
      const values = frame.data.map((r) => r[j]).filter((x): x is number => typeof x === "number" && !Number.isNaN(x));
      return [values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN];
    }),
  };
}

/**
 * BOLD signal per region over time (`Factory.build_activity_timeseries`): serialised as plain
 * tabular, and never listed (its modality is filtered out of the typed lists).
 */
export const regionalBold: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/activity_timeseries/bold",
  spec: "siibra/feature/timeseries/activity/v0.1",
  build(input) {
    const { doc, path } = input;
    const modality = reqStr(doc, "modality", path);
    reqStr(doc, "cohort", path);
    if (modality !== "Regional BOLD signal")
      throw new Error(`configuration ${path}: No method for building signal table of type ${modality}.`);
    requireMatrixFields(input);
    return featureRecord(input, {
      className: NAME,
      kind: "tabular",
      modality,
      description: str(doc, "description") ?? "",
      joinDatasetDescriptions: true,
      nameSuffix: ` with paradigm ${str(doc, "paradigm") ?? ""}`,
    });
  },
  async load(ctx, { record, doc, subject }) {
    const { frame } = await matrixFrame(ctx, record, doc, subject, "columns");
    return { kind: "tabular", frame, unit: null };
  },
  plot: (data, { where, template }) =>
    barFigure(columnMeans(data.frame), { title: where, unit: null, xlabel: "", template }),
};

import { barFigure, heatmapFigure, percentileFigure, profileFigure } from "../plots/figures.ts";
import { labelName } from "../data/matrix-regions.ts";
import type { PlotlyFigure } from "../plots/figures.ts";
import type { PlotlyTemplate } from "../plots/templates.ts";
import type { FeatureData } from "./load.ts";
import type { Frame } from "../data/frame.ts";
import type { FeatureRecord } from "../model.ts";

export type PlotOptions = {
  template: PlotlyTemplate;
  /** Other query parameters, forwarded as upstream forwards them to `feature.plot` (`regions`, `subject`). */
  params: Record<string, string>;
  /** Names of the anchor's regions (titles say "<modality> in <regions>"). */
  regionNames: string[];
};

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

/** `InterarealConnectivityMatrix.plot(regions=…)`: log10 of the non-zero inputs into one area, sorted. */
function injectionFigure(frame: Frame, target: string, template: PlotlyTemplate): PlotlyFigure | null {
  const j = frame.columns.findIndex((c) => labelName(c) === target);
  if (j < 0) return null;
  const points = frame.data
    .map((r, i): [string, number] => [labelName(frame.index[i]), Number(r[j])])
    .filter(([, v]) => Number.isFinite(v) && v !== 0)
    .map(([n, v]): [string, number] => [n, Math.log10(v)])
    .sort((a, b) => a[1] - b[1]);
  return barFigure(
    { index: points.map(([n]) => n), columns: [target], data: points.map(([, v]) => [v]) },
    { title: `log10(FLNe) for injections in area ${target}`, unit: null, xlabel: "source cortical area", template },
  );
}

/**
 * `feature.plot(backend="plotly", template=…)` per class. Null when siibra has no plot for it
 * (the route answers 404, as upstream's NotImplementedError).
 */
export function featurePlot(record: FeatureRecord, data: FeatureData, opts: PlotOptions): PlotlyFigure | null {
  const where = `${record.modality} in ${opts.regionNames.join(", ")}`;
  const template = opts.template;
  switch (data.kind) {
    case "fingerprint":
      return barFigure(data.frame, { title: where, unit: data.unit, xlabel: "", template });
    case "profile":
      return profileFigure(data.frame, { title: record.name, unit: data.unit, boundaries: data.boundaries, template });
    case "connectivity":
      return heatmapFigure(data.frame, { title: `${data.subject ?? ""} - ${where}`, template });
    case "tabular":
      switch (record.className) {
        case "MarmosetCalbindinDensityProfile":
          return percentileFigure(data.frame, { title: record.name, template, unit: "detected cells / 0.1mm3" });
        case "InterarealConnectivityMatrix":
          return opts.params.regions
            ? injectionFigure(data.frame, opts.params.regions, template)
            : heatmapFigure(data.frame, { title: where, template });
        case "RegionalBOLD":
          return barFigure(columnMeans(data.frame), { title: where, unit: null, xlabel: "", template });
        default:
          return barFigure(data.frame, { title: where, unit: data.unit, xlabel: "", template });
      }
  }
}

import { barFigure, heatmapFigure, profileFigure } from "../plots/figures.ts";
import { classNamed } from "./registry.ts";
import type { PlotlyFigure } from "../plots/figures.ts";
import type { PlotlyTemplate } from "../plots/templates.ts";
import type { FeatureRecord } from "../model.ts";
import type { FeatureData } from "./feature-class.ts";

export type PlotOptions = {
  template: PlotlyTemplate;
  /** Other query parameters, forwarded as upstream forwards them to `feature.plot` (`regions`, `subject`). */
  params: Record<string, string>;
  /** Names of the anchor's regions (titles say "<modality> in <regions>"). */
  regionNames: string[];
};

/**
 * `feature.plot(backend="plotly", template=…)`: the class's own plot, else the plot of its serializer
 * kind. Null when siibra has no plot for it (the route answers 404, as upstream's NotImplementedError).
 */
export function featurePlot(record: FeatureRecord, data: FeatureData, opts: PlotOptions): PlotlyFigure | null {
  const where = `${record.modality} in ${opts.regionNames.join(", ")}`;
  const template = opts.template;
  const own = classNamed(record.className)?.plot;
  if (own) return own(data, { record, template, params: opts.params, where });
  switch (data.kind) {
    case "fingerprint":
      return barFigure(data.frame, { title: where, unit: data.unit, xlabel: "", template });
    case "profile":
      return profileFigure(data.frame, { title: record.name, unit: data.unit, boundaries: data.boundaries, template });
    case "connectivity":
      return heatmapFigure(data.frame, { title: `${data.subject ?? ""} - ${where}`, template });
    case "tabular":
      return barFigure(data.frame, { title: where, unit: data.unit, xlabel: "", template });
  }
}

import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { labelName } from "../../data/matrix-regions.ts";
import { barFigure, heatmapFigure } from "../../plots/figures.ts";
import { matrixFrame } from "./matrix-frame.ts";
import type { Frame } from "../../data/frame.ts";
import type { PlotlyFigure } from "../../plots/figures.ts";
import type { PlotlyTemplate } from "../../plots/templates.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "InterarealConnectivityMatrix";

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

/** Marmoset retrograde tracing (`Factory.build_connectivity_retrograde`): a Tabular subclass. */
export const interarealConnectivity: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/connectivitystrength",
  spec: "siibra/feature/connectivity/retrograde/v0.1",
  build(input) {
    const { doc, path } = input;
    const modality = reqStr(doc, "modality", path);
    if (modality !== "RetrogradeTracer")
      throw new Error(`configuration ${path}: No method for building connectivity matrix of type ${modality}.`);
    if (!Array.isArray(doc.regions)) throw new Error(`configuration ${path}: missing list field 'regions'`);
    return featureRecord(input, {
      className: NAME,
      kind: "tabular",
      modality,
      description: str(doc, "description") ?? "",
      joinDatasetDescriptions: true,
      nameSuffix: ` with cohort ${(str(doc, "cohort") ?? "").toUpperCase()}`,
    });
  },
  async load(ctx, { record, doc, subject }) {
    const { frame } = await matrixFrame(ctx, record, doc, subject, "both");
    return { kind: "tabular", frame, unit: null };
  },
  plot: (data, { params, where, template }) =>
    params.regions
      ? injectionFigure(data.frame, params.regions, template)
      : heatmapFigure(data.frame, { title: where, template }),
};

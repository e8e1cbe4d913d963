import type { ExportFile } from "./export-file.ts";
import type { PlotlyFigure } from "./plots/figures.ts";
import type { PlotlyTemplate } from "./plots/templates.ts";
import type { FeatureContext } from "./data/context.ts";

/**
 * Where `/feature/{id}`, its plot and its download come from. Each source owns a family of ids
 * (preconfigured features, live-query `lq0::` ids, image features) and answers them its own way; the
 * generic routes ask the first source that owns the id.
 */
export type FeatureSource = {
  readonly name: string;
  owns(ctx: FeatureContext, featureId: string): boolean;
  /**
   * The detail model (its own class's model; the route applies the union's key set). `params`: the
   * request's other query parameters that siibra forwards (`gene` for gene expressions).
   */
  detail(
    ctx: FeatureContext,
    featureId: string,
    opts: { subject: string | null; params?: Record<string, string> },
  ): Promise<Record<string, unknown>>;
  /** The plotly figure; null when the class has no plot (404, as upstream). */
  plot?(
    ctx: FeatureContext,
    featureId: string,
    opts: { template: PlotlyTemplate; params: Record<string, string> },
  ): Promise<PlotlyFigure | null>;
  /** The files of the download zip. */
  export?(ctx: FeatureContext, featureId: string): Promise<Iterable<ExportFile> | AsyncIterable<ExportFile>>;
};

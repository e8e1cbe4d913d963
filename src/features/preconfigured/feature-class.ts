import type { Json } from "../../atlas/config-json.ts";
import type { FeatureContext } from "../data/context.ts";
import type { Frame } from "../data/frame.ts";
import type { FeatureRecord } from "../model.ts";
import type { PlotlyFigure } from "../plots/figures.ts";
import type { PlotlyTemplate } from "../plots/templates.ts";
import type { FeatureDoc } from "./record.ts";

/**
 * The data behind one preconfigured feature, read the way siibra 0.4's class for it does. What the
 * detail model, the plot and the export need, per serializer kind.
 */
export type FeatureData =
  | { kind: "fingerprint"; frame: Frame; receptors: string[]; neurotransmitters: string[]; unit: string }
  | { kind: "profile"; frame: Frame; unit: string; boundaries: Record<string, number> }
  | { kind: "tabular"; frame: Frame; unit: string | null }
  | { kind: "connectivity"; frame: Frame; subject: string | null; subjects: string[] };

/** What a class's data is read from: the feature, its configuration document, the subject asked for. */
export type DataRequest = { record: FeatureRecord; doc: Json; subject: string | null };

/** What a class's plot is drawn for (`feature.plot(backend="plotly", template=…, **params)`). */
export type PlotRequest = {
  record: FeatureRecord;
  template: PlotlyTemplate;
  /** Other query parameters, forwarded as upstream forwards them to `feature.plot` (`regions`, `subject`). */
  params: Record<string, string>;
  /** Most titles: `"<modality> in <anchor regions>"`. */
  where: string;
};

/**
 * One preconfigured feature class of siibra 0.4a106: which configuration files it reads, how its
 * features are built from them, how their data is read, plotted and exported. The list and detail
 * models follow the record's serializer kind (src/features/serialize.ts, detail-model.ts).
 */
export type PreconfiguredClass = {
  /** siibra's class name, as in `/feature/_types`. */
  name: string;
  /** The configuration folder it reads (`configuration_folder`); it keeps the files that build to itself. */
  folder: string;
  /** The `@type` of its files, which selects the builder (`Factory.build_*`). */
  spec: string;
  /** The feature a configuration file describes (no network); may be of a sibling class. */
  build(input: FeatureDoc): FeatureRecord;
  load(ctx: FeatureContext, req: DataRequest): Promise<FeatureData>;
  /** The class's own plot, when it is not the plot of its serializer kind (plot.ts); null: none. */
  plot?(data: FeatureData, req: PlotRequest): PlotlyFigure | null;
  /** Index column name of the export's `tabular.csv` (pandas index name; none by default). */
  csvIndexName?: string;
};

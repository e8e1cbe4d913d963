import { featureIndex } from "./feature-index.ts";
import { loadFeatureData } from "./load.ts";
import { featureDetailModel } from "./detail-model.ts";
import { featurePlot } from "./plot.ts";
import { anchorRegionNames } from "./anchor-model.ts";
import { exportFiles } from "./export-files.ts";
import { DetailNotFoundError } from "../../errors.ts";
import type { FeatureSource } from "../source-type.ts";
import type { FeatureRecord } from "../model.ts";
import type { FeatureContext } from "../data/context.ts";

function record(ctx: FeatureContext, featureId: string): FeatureRecord {
  const found = featureIndex(ctx.store).byId(featureId);
  if (!found) throw new DetailNotFoundError(`feature ${featureId} not found`);
  return found;
}

/** The features of the configuration's `features/tabular` and `features/connectivity` folders. */
export const preconfiguredSource: FeatureSource = {
  name: "preconfigured",
  owns: (ctx, featureId) => featureIndex(ctx.store).byId(featureId) !== undefined,
  async detail(ctx, featureId, { subject }) {
    return featureDetailModel(ctx, record(ctx, featureId), subject);
  },
  async plot(ctx, featureId, { template, params }) {
    const r = record(ctx, featureId);
    const data = await loadFeatureData(ctx, r, { subject: params.subject ?? null });
    return featurePlot(r, data, { template, params, regionNames: anchorRegionNames(ctx.store, r) });
  },
  async export(ctx, featureId) {
    const r = record(ctx, featureId);
    return exportFiles(ctx, r);
  },
};

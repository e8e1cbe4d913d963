import { preconfiguredSource } from "./preconfigured/source.ts";
import { LIVE_FEATURE_SOURCES } from "./live/sources.ts";
import type { FeatureContext } from "./data/context.ts";
import type { FeatureSource } from "./source-type.ts";

/** Asked in order: images and live queries (`lq0::` ids), then the preconfigured tabular/connectivity features. */
const FEATURE_SOURCES: FeatureSource[] = [...LIVE_FEATURE_SOURCES, preconfiguredSource];

export function featureSourceFor(ctx: FeatureContext, featureId: string): FeatureSource | null {
  return FEATURE_SOURCES.find((s) => s.owns(ctx, featureId)) ?? null;
}

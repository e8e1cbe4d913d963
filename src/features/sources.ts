import { preconfiguredSource } from "./preconfigured/source.ts";
import type { FeatureContext } from "./data/context.ts";
import type { FeatureSource } from "./source-type.ts";

export type { FeatureSource } from "./source-type.ts";

/** Asked in order; live-query and image sources go before the preconfigured one when they land. */
export const FEATURE_SOURCES: FeatureSource[] = [preconfiguredSource];

export function featureSourceFor(ctx: FeatureContext, featureId: string): FeatureSource | null {
  return FEATURE_SOURCES.find((s) => s.owns(ctx, featureId)) ?? null;
}

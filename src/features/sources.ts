import { preconfiguredSource } from "./preconfigured/source.ts";
import { LIVE_FEATURE_SOURCES } from "./live/sources.ts";
import type { FeatureContext } from "./data/context.ts";
import type { FeatureSource } from "./feature-source.ts";

// The types live in feature-source.ts so sources can name them without importing this registry back.
export type { ExportFile, FeatureSource } from "./feature-source.ts";

/** Asked in order: image and live-query (`lq0::`) sources, then the preconfigured features. */
export const FEATURE_SOURCES: FeatureSource[] = [...LIVE_FEATURE_SOURCES, preconfiguredSource];

export function featureSourceFor(ctx: FeatureContext, featureId: string): FeatureSource | null {
  return FEATURE_SOURCES.find((s) => s.owns(ctx, featureId)) ?? null;
}

import { featureListModel } from "../serialize.ts";
import { frameModel } from "../data/frame.ts";
import { anchorModel } from "./anchor-model.ts";
import { loadFeatureData } from "./load.ts";
import type { FeatureRecord } from "../model.ts";
import type { Assignment } from "../anchor-match.ts";
import type { FeatureContext } from "../data/context.ts";

/**
 * Detail form of a preconfigured feature (siibra-api's feature models, docs/upstream.md#features): the list
 * model with the anchor and the data filled in. `subject` is the requested one: connectivity matrices are
 * keyed by it, or by `_average` when none was asked for (even if the feature has a single subject).
 */
export async function featureDetailModel(
  ctx: FeatureContext,
  record: FeatureRecord,
  subject: string | null,
  assignments: Assignment[] = [],
): Promise<Record<string, unknown>> {
  const data = await loadFeatureData(ctx, record, { subject });
  const list = await featureListModel(record, ctx.datasets);
  const base = { ...list, anchor: anchorModel(ctx.store, record, assignments) };
  switch (data.kind) {
    case "fingerprint":
      return {
        ...base,
        data: frameModel(data.frame),
        neurotransmitters: data.neurotransmitters,
        receptors: data.receptors,
      };
    case "profile":
      return {
        ...base,
        data: frameModel(data.frame),
        unit: data.unit,
        boundary_positions: data.boundaries,
        boundaries_mapped: ["0-1", "1-2", "2-3", "3-4", "4-5", "5-6", "6-7"].every((k) => k in data.boundaries),
      };
    case "tabular":
      return { ...base, data: frameModel(data.frame) };
    case "connectivity":
      return { ...base, matrices: { [subject ?? "_average"]: frameModel(data.frame) } };
  }
}

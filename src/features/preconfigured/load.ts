import { featureDocument } from "./documents.ts";
import { classNamed } from "./registry.ts";
import type { FeatureRecord } from "../model.ts";
import type { FeatureContext } from "../data/context.ts";
import type { FeatureData } from "./feature-class.ts";

/** The data behind one preconfigured feature, read by its class (registry.ts). */
export async function loadFeatureData(
  ctx: FeatureContext,
  record: FeatureRecord,
  opts: { subject?: string | null } = {},
): Promise<FeatureData> {
  const cls = classNamed(record.className);
  if (!cls) throw new Error(`no data loader for ${record.className}`);
  const doc = featureDocument(ctx.store, record.path);
  return cls.load(ctx, { record, doc, subject: opts.subject ?? null });
}

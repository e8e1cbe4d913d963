import { datasetRefs, str } from "../../atlas/config-json.ts";
import { anchorFrom } from "./anchor-spec.ts";
import { defaultName, featureId } from "../ids.ts";
import { featureClass } from "../hierarchy.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { SpaceNames } from "./anchor-spec.ts";
import type { FeatureKind, FeatureRecord } from "../model.ts";

/** One configuration document being built into a feature. */
export type FeatureDoc = { doc: Json; path: string; spaceName: SpaceNames };

export type RecordParts = {
  className: string;
  kind: FeatureKind;
  modality: string;
  description: string;
  joinDatasetDescriptions?: boolean;
  /** Appended to the default name (`" with cohort HCP"`); part of the hashed name. */
  nameSuffix?: string;
  profile?: FeatureRecord["profile"];
  connectivity?: FeatureRecord["connectivity"];
};

/** The parts every feature class shares (`Feature.__init__` + `Factory.extract_*`). */
export function featureRecord({ doc, path, spaceName }: FeatureDoc, parts: RecordParts): FeatureRecord {
  const anchor = anchorFrom(doc, path, spaceName);
  const datasets = datasetRefs(doc);
  const prerelease = doc.prerelease === true;
  const name = defaultName(parts.className, parts.modality, anchor.text, prerelease) + (parts.nameSuffix ?? "");
  return {
    path,
    className: parts.className,
    category: featureClass(parts.className)?.category ?? null,
    kind: parts.kind,
    id: featureId(str(doc, "@id"), name, datasets),
    name,
    modality: parts.modality,
    description: parts.description,
    joinDatasetDescriptions: parts.joinDatasetDescriptions ?? false,
    datasets,
    anchor,
    profile: parts.profile ?? null,
    connectivity: parts.connectivity ?? null,
  };
}

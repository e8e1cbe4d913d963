import { reqStr, str } from "../../../atlas/config-json.ts";
import { withParadigm } from "../../ids.ts";
import { featureRecord } from "../record.ts";
import type { Json } from "../../../atlas/config-json.ts";
import type { FeatureDoc } from "../record.ts";
import type { FeatureRecord } from "../../model.ts";

/**
 * Matrix and timeseries features (`Factory.build_connectivity_matrix`, `build_activity_timeseries`,
 * `build_connectivity_retrograde`). Their description defaults to the joined descriptions of their
 * datasets, which are resolved at serialisation time.
 */

/** The fields the factory reads unconditionally (missing ones are errors upstream). */
function requireMatrixFields({ doc, path }: FeatureDoc): void {
  if (!Array.isArray(doc.regions)) throw new Error(`configuration ${path}: missing list field 'regions'`);
  for (const key of ["decoder", "repository"]) {
    const block = doc[key] as Json | undefined;
    if (!block || typeof block["@type"] !== "string") throw new Error(`configuration ${path}: missing '${key}' @type`);
  }
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/**
 * Subject names = `files` keys in file order. Parsed JSON objects list array-index-like keys
 * ("100") before the others ("000"), so that order is lost when such keys exist; every v04_EOL
 * matrix file with such keys lists its subjects in ascending string order, which restores it.
 */
function subjects(doc: Json): string[] {
  const keys = Object.keys((doc.files ?? {}) as Json);
  return keys.some((k) => ARRAY_INDEX.test(k)) ? keys.sort() : keys;
}

const CLASS_BY_MODALITY: Record<string, string> = {
  StreamlineCounts: "StreamlineCounts",
  StreamlineLengths: "StreamlineLengths",
  Functional: "FunctionalConnectivity",
  RestingState: "FunctionalConnectivity",
  Tracing: "TracingConnectivity",
};

export function connectivityMatrix(input: FeatureDoc): FeatureRecord {
  const { doc, path } = input;
  const modality = reqStr(doc, "modality", path);
  const className = CLASS_BY_MODALITY[modality];
  if (!className)
    throw new Error(`configuration ${path}: No method for building connectivity matrix of type ${modality}.`);
  requireMatrixFields(input);
  const cohort = (str(doc, "cohort") ?? "").toUpperCase();
  const record = featureRecord(input, {
    className,
    kind: "connectivity",
    modality,
    description: str(doc, "description") ?? "",
    joinDatasetDescriptions: true,
    nameSuffix: ` with cohort ${cohort}`,
    connectivity: { cohort, subjects: subjects(doc) },
  });
  if (className !== "FunctionalConnectivity") return record;
  const paradigm = modality === "RestingState" ? (str(doc, "paradigm") ?? "RestingState") : str(doc, "paradigm");
  if (!paradigm) throw new Error(`configuration ${path}: Functional connectivity must have paradigm defined!`);
  return { ...record, id: withParadigm(record.id, paradigm) };
}

/** RegionalBOLD; serialised as plain tabular (and never listed: its modality is filtered out). */
export function activityTimeseries(input: FeatureDoc): FeatureRecord {
  const { doc, path } = input;
  const modality = reqStr(doc, "modality", path);
  reqStr(doc, "cohort", path);
  if (modality !== "Regional BOLD signal")
    throw new Error(`configuration ${path}: No method for building signal table of type ${modality}.`);
  requireMatrixFields(input);
  return featureRecord(input, {
    className: "RegionalBOLD",
    kind: "tabular",
    modality,
    description: str(doc, "description") ?? "",
    joinDatasetDescriptions: true,
    nameSuffix: ` with paradigm ${str(doc, "paradigm") ?? ""}`,
  });
}

/** InterarealConnectivityMatrix (marmoset retrograde tracing): a Tabular subclass. */
export function retrogradeConnectivity(input: FeatureDoc): FeatureRecord {
  const { doc, path } = input;
  const modality = reqStr(doc, "modality", path);
  if (modality !== "RetrogradeTracer")
    throw new Error(`configuration ${path}: No method for building connectivity matrix of type ${modality}.`);
  if (!Array.isArray(doc.regions)) throw new Error(`configuration ${path}: missing list field 'regions'`);
  return featureRecord(input, {
    className: "InterarealConnectivityMatrix",
    kind: "tabular",
    modality,
    description: str(doc, "description") ?? "",
    joinDatasetDescriptions: true,
    nameSuffix: ` with cohort ${(str(doc, "cohort") ?? "").toUpperCase()}`,
  });
}

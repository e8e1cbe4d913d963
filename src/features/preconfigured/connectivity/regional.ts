import { reqStr, str } from "../../../atlas/config-json.ts";
import { withParadigm } from "../../ids.ts";
import { featureRecord } from "../record.ts";
import { matrixFrame, requireMatrixFields } from "./matrix-frame.ts";
import type { Json } from "../../../atlas/config-json.ts";
import type { FeatureRecord } from "../../model.ts";
import type { PreconfiguredClass } from "../feature-class.ts";
import type { FeatureDoc } from "../record.ts";

/**
 * The `RegionalConnectivity` classes (`Factory.build_connectivity_matrix`): one file format, the
 * class chosen by its modality. Their description defaults to the joined descriptions of their
 * datasets, which are resolved at serialisation time.
 */

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

function connectivityMatrix(input: FeatureDoc): FeatureRecord {
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

/** One class of the family: its own folder, the shared builder and matrix reader. */
const regional = (name: string, folder: string): PreconfiguredClass => ({
  name,
  folder: `features/connectivity/regional/${folder}`,
  spec: "siibra/feature/connectivitymatrix/v0.2",
  build: connectivityMatrix,
  async load(ctx, { record, doc, subject }) {
    const { frame, subject: chosen } = await matrixFrame(ctx, record, doc, subject, "both");
    return { kind: "connectivity", frame, subject: chosen, subjects: record.connectivity?.subjects ?? [] };
  },
});

export const functionalConnectivity = regional("FunctionalConnectivity", "functional");
export const streamlineCounts = regional("StreamlineCounts", "streamlinecounts");
export const streamlineLengths = regional("StreamlineLengths", "streamlinelengths");
export const tracingConnectivity = regional("TracingConnectivity", "tracing");

import { reqStr } from "../../../atlas/config-json.ts";
import { DESCRIPTIONS } from "../descriptions.ts";
import { featureRecord } from "../record.ts";
import type { FeatureDoc } from "../record.ts";
import type { FeatureRecord } from "../../model.ts";

/**
 * Tabular feature classes of siibra 0.4a106 (`siibra/features/tabular/*.py`): fixed modalities and
 * descriptions per class. The measurements themselves are data-proxy files, never read here.
 */

export function receptorFingerprint(input: FeatureDoc): FeatureRecord {
  reqStr(input.doc, "file", input.path);
  return featureRecord(input, {
    className: "ReceptorDensityFingerprint",
    kind: "fingerprint",
    modality: "Neurotransmitter receptor density",
    description: DESCRIPTIONS.ReceptorDensityFingerprint,
  });
}

export function receptorProfile(input: FeatureDoc): FeatureRecord {
  const receptor = reqStr(input.doc, "receptor", input.path);
  reqStr(input.doc, "file", input.path);
  return featureRecord(input, {
    className: "ReceptorDensityProfile",
    kind: "profile",
    modality: `${receptor} receptor density`,
    description: DESCRIPTIONS.ReceptorDensityProfile,
    // The unit is the last column of the profile's .tsv (data proxy): unknown without it.
    profile: { unit: null },
  });
}

export function cellDensityProfile(input: FeatureDoc): FeatureRecord {
  for (const key of ["section", "patch", "file"]) reqStr(input.doc, key, input.path);
  return featureRecord(input, {
    className: "CellDensityProfile",
    kind: "profile",
    modality: "Segmented cell body density",
    description: DESCRIPTIONS.CellDensityProfile,
    // A class constant upstream (the file's own `unit` is ignored).
    profile: { unit: "detected cells / 0.1mm3" },
  });
}

/** Subclasses Tabular directly, so it serialises as a plain tabular feature. */
export function marmosetProfile(input: FeatureDoc): FeatureRecord {
  const id = reqStr(input.doc, "@id", input.path);
  if (!/^marmoset-nencki-monash-template--calbindin-profile-/.test(id)) {
    throw new Error(`configuration ${input.path}: Malformed feature id ${id}`);
  }
  return featureRecord(input, {
    className: "MarmosetCalbindinDensityProfile",
    kind: "tabular",
    modality: "Segmented cell body density",
    description: DESCRIPTIONS.MarmosetCalbindinDensityProfile,
  });
}

export function layerwiseCellDensity(input: FeatureDoc): FeatureRecord {
  for (const key of ["segmentfiles", "layerfiles"]) {
    if (!Array.isArray(input.doc[key])) throw new Error(`configuration ${input.path}: missing list field '${key}'`);
  }
  return featureRecord(input, {
    className: "LayerwiseCellDensity",
    kind: "tabular",
    modality: "Cell body density",
    description: DESCRIPTIONS.LayerwiseCellDensity,
  });
}

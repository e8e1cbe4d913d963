import { BadRequestError } from "../../errors.ts";
import { featureDocument } from "./documents.ts";
import { loadFingerprint, loadReceptorProfile } from "./tabular/receptor-tsv.ts";
import { loadLayerwise } from "./tabular/layerwise-cell-density.ts";
import { loadCellDensityProfile } from "./profiles/cell-density-image.ts";
import { meanOfMembers, readMember, readNumericMember, zipSource } from "../data/matrices.ts";
import { regionLabel } from "../data/matrix-regions.ts";
import { cachedDecode } from "../data/fetch.ts";
import { frameBytes } from "../data/frame.ts";
import { toNumber } from "../data/delimited.ts";
import type { Frame } from "../data/frame.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { FeatureRecord } from "../model.ts";
import type { FeatureContext } from "../data/context.ts";

/**
 * The data behind one preconfigured feature, read the way siibra 0.4's class for it does. What the
 * detail model, the plot and the export need, per serializer kind.
 */
export type FeatureData =
  | { kind: "fingerprint"; frame: Frame; receptors: string[]; neurotransmitters: string[]; unit: string }
  | { kind: "profile"; frame: Frame; unit: string; boundaries: Record<string, number> }
  | { kind: "tabular"; frame: Frame; unit: string | null }
  | { kind: "connectivity"; frame: Frame; subject: string | null; subjects: string[] };

const str = (doc: Json, key: string) => (typeof doc[key] === "string" ? (doc[key] as string) : "");

function neurotransmitter(symbols: Record<string, unknown>, receptor: string): string {
  const entry = symbols[receptor] as { neurotransmitter?: { label?: string; name?: string } } | undefined;
  if (!entry?.neurotransmitter) return `${receptor} (undeciphered)`;
  return `${entry.neurotransmitter.label} (${entry.neurotransmitter.name})`;
}

/** `files` of a matrix document in configuration order (subjects), as the list form reports them. */
function files(doc: Json, record: FeatureRecord): [string, string][] {
  const map = (doc.files ?? {}) as Record<string, string>;
  const order = record.connectivity?.subjects ?? Object.keys(map);
  return order.filter((s) => s in map).map((s) => [s, map[s]]);
}

/** Subject choice of `get_matrix`/`get_table`: null → mean over all (or the only one). */
function pickSubject(subjects: [string, string][], subject: string | null): [string, string] | null {
  if (subject === null) return subjects.length > 1 ? null : subjects[0];
  const hit = subjects.find(([s]) => s === subject);
  if (!hit)
    throw new BadRequestError(
      `Subject name '${subject}' not known, use one of: ${subjects.map(([s]) => s).join(", ")}`,
    );
  return hit;
}

async function matrixFrame(
  ctx: FeatureContext,
  record: FeatureRecord,
  doc: Json,
  subject: string | null,
  labelsOn: "both" | "columns",
): Promise<{ frame: Frame; subject: string | null }> {
  const src = zipSource(doc, record.path);
  const all = files(doc, record);
  if (all.length === 0) throw new Error(`configuration ${record.path}: no files`);
  const chosen = pickSubject(all, subject);
  const key = `matrix\n${record.id}\n${chosen?.[0] ?? "_mean"}`;
  const parcellationId = ((doc.parcellation ?? {}) as Json)["@id"];
  const parcellation = ctx.store.parcellationById.get(String(parcellationId));
  const names = Array.isArray(doc.regions) ? (doc.regions as string[]) : [];
  const frame = await cachedDecode(ctx, key, async () => {
    const values = chosen
      ? await readNumericMember(ctx, src, chosen[1], record.id)
      : await meanOfMembers(
          ctx,
          src,
          all.map(([, f]) => f),
          record.id,
        );
    const labels = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        parcellation && i < names.length ? regionLabel(ctx.store, parcellation, names[i]) : i,
      );
    const width = values[0]?.length ?? 0;
    const value: Frame = {
      index: labelsOn === "both" ? labels(values.length) : values.map((_, i) => i),
      columns: labels(width),
      data: values,
    };
    return { value, bytes: frameBytes(value) };
  });
  return { frame, subject: chosen?.[0] ?? null };
}

/** A zip member read as a typed table (`pd.read_csv` with dtype inference per column). */
async function tableFrame(ctx: FeatureContext, record: FeatureRecord, doc: Json, member: string): Promise<Frame> {
  const src = zipSource(doc, record.path);
  return cachedDecode(ctx, `table\n${src.url}\n${member}`, async () => {
    const table = await readMember(ctx, src, member, record.id);
    const numeric = table.columns.map((_, j) => table.rows.every((r) => !Number.isNaN(toNumber(r[j])) || r[j] === ""));
    const value: Frame = {
      index: table.rows.map((_, i) => i),
      columns: table.columns,
      data: table.rows.map((r) => table.columns.map((_, j) => (numeric[j] ? toNumber(r[j]) : (r[j] ?? null)))),
    };
    return { value, bytes: frameBytes(value) };
  });
}

export async function loadFeatureData(
  ctx: FeatureContext,
  record: FeatureRecord,
  opts: { subject?: string | null } = {},
): Promise<FeatureData> {
  const doc = featureDocument(ctx.store, record.path);
  const subject = opts.subject ?? null;
  switch (record.className) {
    case "ReceptorDensityFingerprint": {
      const fp = await loadFingerprint(ctx, str(doc, "file"), record.id);
      const symbols = ctx.store.vocabularies.receptorSymbols;
      return {
        kind: "fingerprint",
        frame: { index: fp.receptors, columns: ["mean", "std"], data: fp.mean.map((m, i) => [m, fp.std[i]]) },
        receptors: fp.receptors,
        neurotransmitters: fp.receptors.map((r) => neurotransmitter(symbols, r)),
        unit: fp.unit,
      };
    }
    case "ReceptorDensityProfile": {
      const p = await loadReceptorProfile(ctx, str(doc, "file"), record.id);
      return {
        kind: "profile",
        frame: { index: p.depths, columns: [`${record.modality} (${p.unit})`], data: p.values.map((v) => [v]) },
        unit: p.unit,
        boundaries: {},
      };
    }
    case "CellDensityProfile": {
      const p = await loadCellDensityProfile(ctx, str(doc, "file"), record.id);
      const unit = record.profile?.unit ?? "detected cells / 0.1mm3";
      return {
        kind: "profile",
        frame: { index: p.depths, columns: [`${record.modality} (${unit})`], data: p.values.map((v) => [v]) },
        unit,
        boundaries: p.boundaries,
      };
    }
    case "LayerwiseCellDensity": {
      const segments = (doc.segmentfiles ?? []) as string[];
      const layers = (doc.layerfiles ?? []) as string[];
      const pairs = segments.map((s, i): [string, string] => [s, layers[i]]).filter(([, l]) => typeof l === "string");
      return { kind: "tabular", frame: await loadLayerwise(ctx, pairs, record.id), unit: "# detected cells/0.1mm3" };
    }
    case "MarmosetCalbindinDensityProfile":
      return { kind: "tabular", frame: await tableFrame(ctx, record, doc, str(doc, "file")), unit: null };
    case "InterarealConnectivityMatrix":
    case "RegionalBOLD": {
      const labelsOn = record.className === "RegionalBOLD" ? "columns" : "both";
      const { frame } = await matrixFrame(ctx, record, doc, subject, labelsOn);
      return { kind: "tabular", frame, unit: null };
    }
    default: {
      if (record.kind !== "connectivity") throw new Error(`no data loader for ${record.className}`);
      const { frame, subject: chosen } = await matrixFrame(ctx, record, doc, subject, "both");
      return { kind: "connectivity", frame, subject: chosen, subjects: record.connectivity?.subjects ?? [] };
    }
  }
}

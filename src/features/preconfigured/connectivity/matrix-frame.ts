import { BadRequestError } from "../../../errors.ts";
import { cachedDecode } from "../../data/fetch.ts";
import { frameBytes } from "../../data/frame.ts";
import { meanOfMembers, readNumericMember, zipSource } from "../../data/matrices.ts";
import { regionLabel } from "../../data/matrix-regions.ts";
import type { Json } from "../../../atlas/config-json.ts";
import type { FeatureContext } from "../../data/context.ts";
import type { Frame } from "../../data/frame.ts";
import type { FeatureRecord } from "../../model.ts";
import type { FeatureDoc } from "../record.ts";

/**
 * Matrices and signal tables of the connectivity and timeseries classes: zip members named by the
 * document's `files` (one per subject), rows and columns labelled by its `regions`.
 */

/** The fields the factory reads unconditionally (missing ones are errors upstream). */
export function requireMatrixFields({ doc, path }: FeatureDoc): void {
  if (!Array.isArray(doc.regions)) throw new Error(`configuration ${path}: missing list field 'regions'`);
  for (const key of ["decoder", "repository"]) {
    const block = doc[key] as Json | undefined;
    if (!block || typeof block["@type"] !== "string") throw new Error(`configuration ${path}: missing '${key}' @type`);
  }
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

export async function matrixFrame(
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

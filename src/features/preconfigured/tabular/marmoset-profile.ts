import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { cachedDecode } from "../../data/fetch.ts";
import { frameBytes } from "../../data/frame.ts";
import { toNumber } from "../../data/delimited.ts";
import { readMember, zipSource } from "../../data/matrices.ts";
import { percentileFigure } from "../../plots/figures.ts";
import type { Json } from "../../../atlas/config-json.ts";
import type { FeatureContext } from "../../data/context.ts";
import type { Frame } from "../../data/frame.ts";
import type { FeatureRecord } from "../../model.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "MarmosetCalbindinDensityProfile";

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

/** Calbindin cell densities of the marmoset cortex; subclasses Tabular directly (plain tabular model). */
export const marmosetProfile: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/corticalprofiles/marmosetcelldensity",
  spec: "siibra/feature/profile/marmosetcelldensity/v0.1",
  build(input) {
    const id = reqStr(input.doc, "@id", input.path);
    if (!/^marmoset-nencki-monash-template--calbindin-profile-/.test(id)) {
      throw new Error(`configuration ${input.path}: Malformed feature id ${id}`);
    }
    return featureRecord(input, {
      className: NAME,
      kind: "tabular",
      modality: "Segmented cell body density",
      description: "Marmoset Calbindin Cell Density Profile",
    });
  },
  async load(ctx, { record, doc }) {
    return { kind: "tabular", frame: await tableFrame(ctx, record, doc, str(doc, "file") ?? ""), unit: null };
  },
  plot: (data, { record, template }) =>
    percentileFigure(data.frame, { title: record.name, template, unit: "detected cells / 0.1mm3" }),
};

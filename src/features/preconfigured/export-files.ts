import { loadFeatureData } from "./load.ts";
import { classNamed } from "./registry.ts";
import { labelName } from "../data/matrix-regions.ts";
import { pyFloat } from "../py-format.ts";
import { featureListModel } from "../serialize.ts";
import type { ExportFile } from "../export-file.ts";
import type { Cell, Frame } from "../data/frame.ts";
import type { FeatureRecord } from "../model.ts";
import type { FeatureContext } from "../data/context.ts";

/** siibra's README of an export (`Feature._export`), with the dataset links when there are any. */
function readme(record: FeatureRecord, description: string, datasets: Record<string, unknown>[]): string {
  const pages = [...new Set(datasets.map((d) => d.ebrains_page).filter((p): p is string => typeof p === "string"))];
  const urls = datasets.flatMap((d) => (Array.isArray(d.urls) ? d.urls : []) as { url?: string }[]).map((u) => u.url);
  const dois = [...new Set(urls.filter((u): u is string => typeof u === "string"))];
  const authors = [
    ...new Set(
      datasets
        .flatMap((d) => (Array.isArray(d.contributors) ? d.contributors : []) as { name?: string }[])
        .map((c) => c.name)
        .filter((n): n is string => typeof n === "string"),
    ),
  ];
  const descriptions = [...new Set(datasets.map((d) => String(d.description ?? "")))];
  const publications =
    (pages.length > 0 || dois.length > 0) && authors.length > 0
      ? [
          "\nPublications\n------------",
          dois.length ? `DOI\n${dois.join("\n")}` : "",
          "",
          pages.length ? `EBRAINS page\n${pages.join("\n")}` : "",
          "",
          `Authors\n${authors.join(", ")}`,
          "",
          descriptions.length ? `Publication description\n${descriptions.join("\n")}` : "",
          "",
        ].join("\n")
      : "Note: could not obtain any publication information. The data may not have been published yet.";
  return [
    "",
    "Downloaded from siibra toolsuite.",
    "siibra-python version: 0.4a106 (served by siibra-edge)",
    "",
    "All releated resources (e.g. doi, web resources) are categorized under publications.",
    "",
    "Name",
    "----",
    record.name,
    "",
    "Description",
    "-----------",
    description,
    "",
    "Modality",
    "--------",
    record.modality,
    "",
    publications,
    "",
  ].join("\n");
}

const csvCell = (x: unknown): string => {
  if (x === null || x === undefined) return "";
  if (typeof x === "number") return Number.isNaN(x) ? "" : pyFloat(x);
  const text = typeof x === "string" ? x : labelName(x);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** `DataFrame.to_csv()`: index name (or nothing) and the column labels, then one line per row. */
function frameCsv(frame: Frame, indexName = ""): string {
  const lines = [[indexName, ...frame.columns].map(csvCell).join(",")];
  frame.data.forEach((row: Cell[], i) => {
    lines.push([frame.index[i], ...row].map(csvCell).join(","));
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Files of `Feature.export`: `README.md`, then per class `tabular.csv` (tabular and profiles) or one
 * `sub/<subject>/matrix.csv` per subject (connectivity), produced lazily so a cohort's matrices are
 * never all in memory.
 */
export async function* exportFiles(ctx: FeatureContext, record: FeatureRecord): AsyncGenerator<ExportFile> {
  const list = await featureListModel(record, ctx.datasets);
  yield {
    name: "README.md",
    text: readme(record, String(list.description ?? ""), list.datasets as Record<string, unknown>[]),
  };
  if (record.kind === "connectivity") {
    for (const subject of record.connectivity?.subjects ?? []) {
      const data = await loadFeatureData(ctx, record, { subject });
      yield { name: `sub/${subject}/matrix.csv`, text: frameCsv(data.frame) };
    }
    return;
  }
  const data = await loadFeatureData(ctx, record);
  yield { name: "tabular.csv", text: frameCsv(data.frame, classNamed(record.className)?.csvIndexName ?? "") };
}

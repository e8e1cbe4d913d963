import { bad, decodeText, fetchBytes } from "../../data/fetch.ts";
import { parseDelimited, toNumber } from "../../data/delimited.ts";
import type { FeatureContext } from "../../data/context.ts";
import type { TextTable } from "../../data/delimited.ts";

/** `CorticalProfile.LAYERS`: layer numbers to names. */
export const LAYER_NAMES: Record<number, string> = {
  0: "0",
  1: "I",
  2: "II",
  3: "III",
  4: "IV",
  5: "V",
  6: "VI",
  7: "WM",
};

/**
 * The segmented-cell files of Bludau/Dickscheid et al. (`segments.txt`, `layerinfo.txt`): space-separated
 * with a header row, read from byte 2 on as siibra does (`b[2:]`, the files start with "# ").
 */
export async function loadCellTable(
  ctx: FeatureContext,
  url: string,
  featureId: string,
  required: string[],
): Promise<TextTable> {
  const text = decodeText(await fetchBytes(ctx, url, featureId), url, featureId, 2);
  const table = await parseDelimited(text, { delimiter: " ", header: 0 });
  for (const column of required) {
    if (!table.columns.includes(column)) throw bad(url, featureId, `no column '${column}'`);
  }
  if (table.rows.length === 0) throw bad(url, featureId, "no data rows");
  return table;
}

/** Per-layer cell counts of a `segments.txt` (`cells.layer.value_counts()`). */
export function layerCounts(cells: TextTable, url: string, featureId: string): Map<number, number> {
  const col = cells.columns.indexOf("layer");
  const counts = new Map<number, number>();
  for (const row of cells.rows) {
    const layer = toNumber(row[col]);
    if (!Number.isInteger(layer)) throw bad(url, featureId, `layer '${row[col]}' is not an integer`);
    counts.set(layer, (counts.get(layer) ?? 0) + 1);
  }
  return counts;
}

/**
 * Layer areas of a `layerinfo.txt` (`index_col=0`, column `Area(micron**2)`). With `index_col=0` pandas
 * takes the first column as the index, so the header names the remaining columns when the header row
 * is one cell shorter than the data rows.
 */
export function layerAreas(layers: TextTable, url: string, featureId: string): Map<number, number> {
  const shift = layers.rows[0].length > layers.columns.length ? 1 : 0;
  const col = layers.columns.indexOf("Area(micron**2)") + shift;
  const areas = new Map<number, number>();
  for (const row of layers.rows) {
    const layer = toNumber(row[0]);
    const area = toNumber(row[col]);
    if (!Number.isInteger(layer) || Number.isNaN(area)) throw bad(url, featureId, "unreadable layer row");
    areas.set(layer, area);
  }
  return areas;
}

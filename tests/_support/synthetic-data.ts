/**
 * Synthetic data files for every preconfigured (non-image) feature document: whatever path a
 * feature's loader asks for on the data proxy gets a small valid file of the real format (TSVs,
 * segment tables, boundaries, zips with every configured member). Used where the point is that
 * every id answers, not the values (those are checked in tests/routes/feature-data.test.ts).
 */
import { DATA_PROXY, fingerprintTsv, layerinfoTxt, proxyPath, segmentsTxt, zipOf } from "./feature-data-host.ts";
import type { Json, Routes } from "./feature-data-host.ts";

const TSV = fingerprintTsv([
  ["10", 1, 0.5],
  ["20", 2, 0.5],
  ["30", 3, 0.5],
]);

function matrixText(decoder: Json, n = 3): string {
  const raw = typeof decoder.delimiter === "string" ? decoder.delimiter : ",";
  const sep = raw === "\\s+" ? " " : raw;
  const lines = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => String(i + j)).join(sep));
  const skip = typeof decoder.skiprows === "number" ? decoder.skiprows : 0;
  const header = decoder.header === null ? [] : [Array.from({ length: n }, (_, j) => `c${j}`).join(sep)];
  return `${[...Array.from({ length: skip }, () => "skipped"), ...header, ...lines].join("\n")}\n`;
}

const PERCENTILES = `case_id,depth,density_5,density_25,density_50,density_75,density_95\nCJ1,0,1,2,3,4,5\nCJ1,1,1,2,3,4,5\n`;

export function syntheticRoutes(docs: Json[]): Routes {
  const routes: Routes = {};
  const zips = new Map<string, Record<string, string>>();
  const add = (url: unknown, body: string) => {
    if (typeof url === "string" && url.startsWith(DATA_PROXY)) routes[proxyPath(url)] = { body };
  };
  for (const doc of docs) {
    const type = String(doc["@type"]);
    if (type.includes("fingerprint/receptor") || type.includes("profile/receptor")) add(doc.file, TSV);
    if (type.includes("profile/celldensity")) {
      const url = String(doc.file);
      const cells: [number, number, number][] = [];
      for (let y = 0; y <= 300; y += 10) for (let x = 0; x <= 200; x += 10) cells.push([x, y, 1]);
      add(url, segmentsTxt(cells));
      ["0", "I_II", "II_III", "III_IV", "IV_V", "V_VI", "VI_WM"].forEach((n, k) => {
        add(
          url.replace("segments.txt", `${n}.json`),
          JSON.stringify({
            segments: [
              [0, 20 + 40 * k],
              [200, 20 + 40 * k],
            ],
          }),
        );
      });
    }
    if (type.includes("fingerprint/celldensity")) {
      for (const url of (doc.segmentfiles ?? []) as string[])
        add(
          url,
          segmentsTxt([
            [1, 1, 1],
            [2, 2, 2],
          ]),
        );
      for (const url of (doc.layerfiles ?? []) as string[])
        add(
          url,
          layerinfoTxt([
            [1, 100],
            [2, 200],
          ]),
        );
    }
    const repo = doc.repository as Json | undefined;
    if (repo && typeof repo.url === "string") {
      const members = zips.get(repo.url) ?? {};
      if (type.includes("marmosetcelldensity")) members[String(doc.file)] = PERCENTILES;
      for (const file of Object.values((doc.files ?? {}) as Record<string, string>))
        members[file] = matrixText((doc.decoder ?? {}) as Json);
      zips.set(repo.url, members);
    }
  }
  for (const [url, members] of zips) if (url.startsWith(DATA_PROXY)) routes[proxyPath(url)] = { body: zipOf(members) };
  return routes;
}

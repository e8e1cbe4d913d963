/**
 * Feature data files for every preconfigured (non-image) feature document, in the real formats:
 * receptor TSVs (fingerprints and profiles), cell segment tables with layer boundary JSON, layer
 * statistics, and zips of CSV matrices / time series with every configured member. Small, so that
 * what a request costs is the service's parsing, computing and rendering, not the host.
 */
import { Glob } from "bun";
import { strToU8, zipSync } from "fflate";
import { DATA_PROXY, proxyPath } from "./origins.ts";
import type { Files } from "./origins.ts";

type Json = Record<string, unknown>;

const RECEPTOR_TSV = fingerprintTsv([
  ["10", 1, 0.5],
  ["20", 2, 0.5],
  ["30", 3, 0.5],
]);

/** A receptor table as Palomero-Gallagher's TSVs: label, mean, std, unit. */
export function fingerprintTsv(rows: [string, number, number][], unit = "fmol/mg"): string {
  return `receptor\tdensity (mean)\tdensity (sd)\tunit\n${rows.map(([r, m, s]) => `${r}\t${m}\t${s}\t${unit}`).join("\n")}\n`;
}

/** `segments.txt`: "# " then a space-separated table of cells (x, y, layer, label). */
export function segmentsTxt(cells: [number, number, number][]): string {
  return `# x y layer label\n${cells.map(([x, y, layer], i) => `${x} ${y} ${layer} ${i + 1}`).join("\n")}\n`;
}

/** `layerinfo.txt`: layer index, area in µm². */
export function layerinfoTxt(areas: [number, number][]): string {
  return `# index Area(micron**2)\n${areas.map(([l, a]) => `${l} ${a}`).join("\n")}\n`;
}

/** An n×n matrix as the decoder of the document reads it (separator, skipped rows, header). */
function matrixText(decoder: Json, n = 3): string {
  const raw = typeof decoder.delimiter === "string" ? decoder.delimiter : ",";
  const sep = raw === "\\s+" ? " " : raw;
  const lines = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => String(i + j)).join(sep));
  const skip = typeof decoder.skiprows === "number" ? decoder.skiprows : 0;
  const header = decoder.header === null ? [] : [Array.from({ length: n }, (_, j) => `c${j}`).join(sep)];
  return `${[...Array.from({ length: skip }, () => "skipped"), ...header, ...lines].join("\n")}\n`;
}

const PERCENTILES = `case_id,depth,density_5,density_25,density_50,density_75,density_95\nCJ1,0,1,2,3,4,5\nCJ1,1,1,2,3,4,5\n`;

/** The feature documents of the configuration (features/**.json, image features included: they add nothing). */
export async function featureDocs(config: string): Promise<Json[]> {
  const docs: Json[] = [];
  for await (const path of new Glob("features/**/*.json").scan({ cwd: config })) {
    docs.push((await Bun.file(`${config}/${path}`).json()) as Json);
  }
  return docs;
}

export function featureFiles(docs: Json[], files: Files): void {
  const zips = new Map<string, Record<string, string>>();
  const add = (url: unknown, body: string) => {
    if (typeof url === "string" && url.startsWith(DATA_PROXY))
      files.set(proxyPath(url), strToU8(body) as Uint8Array<ArrayBuffer>);
  };
  for (const doc of docs) {
    const type = String(doc["@type"]);
    if (type.includes("fingerprint/receptor") || type.includes("profile/receptor")) add(doc.file, RECEPTOR_TSV);
    if (type.includes("profile/celldensity")) {
      const url = String(doc.file);
      const cells: [number, number, number][] = [];
      for (let y = 0; y <= 300; y += 10) for (let x = 0; x <= 200; x += 10) cells.push([x, y, 1]);
      add(url, segmentsTxt(cells));
      ["0", "I_II", "II_III", "III_IV", "IV_V", "V_VI", "VI_WM"].forEach((n, k) => {
        const line = [
          [0, 20 + 40 * k],
          [200, 20 + 40 * k],
        ];
        add(url.replace("segments.txt", `${n}.json`), JSON.stringify({ segments: line }));
      });
    }
    if (type.includes("fingerprint/celldensity")) {
      const segments = segmentsTxt([
        [1, 1, 1],
        [2, 2, 2],
      ]);
      const layers = layerinfoTxt([
        [1, 100],
        [2, 200],
      ]);
      for (const url of (doc.segmentfiles ?? []) as string[]) add(url, segments);
      for (const url of (doc.layerfiles ?? []) as string[]) add(url, layers);
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
  for (const [url, members] of zips) {
    if (!url.startsWith(DATA_PROXY)) continue;
    const entries = Object.fromEntries(Object.entries(members).map(([k, v]) => [k, strToU8(v)]));
    files.set(proxyPath(url), new Uint8Array(zipSync(entries, { level: 1 })));
  }
}

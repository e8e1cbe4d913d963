/**
 * Business criticality classes of the routes: one table for the code, the docs and the weighted
 * benchmark. Weights follow how siibra-explorer uses the API (what it cannot work without, what a
 * user waits for, what is background; docs/decisions.md#criticality-classes); the p95 objective is
 * what "answered in time" means for weighted goodput.
 */
export const CLASSES = {
  /** First paint and navigation: atlases, spaces, parcellations, regions (list, find, get, related), maps, `/map`, genes, feature types. */
  critical: { weight: 10, p95Ms: 100 },
  /** A user clicked and waits: `/map/assign`, feature lists, `/regions/{id}/features`, `/regions/{id}?space_id=`. */
  interactive: { weight: 4, p95Ms: 500 },
  /** A panel opens: `/feature/{id}`, detail-in-context routes, plotly. */
  detail: { weight: 2, p95Ms: 2_000 },
  /** Files: `/map/*.nii.gz`, `resampled_template`, feature downloads, `statistical_map.info.json`. */
  files: { weight: 1, p95Ms: 10_000 },
  /** `/atlas_download`: task start (polls are critical, the finished zip is a file). */
  compounds: { weight: 0.2, p95Ms: 120_000 },
} as const;

export type ClassName = keyof typeof CLASSES;
export const CLASS_NAMES = Object.keys(CLASSES) as ClassName[];

/** Feature categories whose bare route is a list (`/feature/Tabular?…`). */
const LIST_CATEGORIES = new Set([
  "Tabular",
  "CorticalProfile",
  "RegionalConnectivity",
  "Image",
  "EbrainsDataFeature",
  "GeneExpressions",
]);

/**
 * The class of a request from its path (as sent, with or without `/v3_0`) and raw query. Service
 * routes (`/ready`, `/metrics`, docs) are critical: they are never shed.
 */
export function classOf(rawPath: string, query: string): ClassName {
  const path = rawPath.startsWith("/v3_0/") ? rawPath.slice(5) : rawPath;
  const [, head = "", ...tail] = path.split("/");
  const rest = tail.join("/");
  switch (head) {
    case "atlas_download":
      // siibra-explorer abandons a download on any poll answering ≥ 400, and a poll is one store read:
      // polls are never shed. The zip itself is a file like any other.
      if (rest === "") return "compounds";
      return rest.endsWith("/download") ? "files" : "critical";
    case "feature": {
      if (rest === "_types") return "critical";
      if (LIST_CATEGORIES.has(rest)) return "interactive";
      if (rest.endsWith("/download")) return "files";
      return "detail";
    }
    case "map":
      if (rest === "") return "critical";
      return rest === "assign" ? "interactive" : "files";
    case "regions":
      if (rest === "") return "critical";
      if (rest.endsWith("/features")) return "interactive";
      if (!rest.endsWith("/related") && /(^|&)space_id=[^&]/.test(query)) return "interactive";
      return "critical";
    default:
      return "critical";
  }
}

/** The class of a request from its full URL (path as sent, without parsing it into a `URL`). */
export function classOfUrl(url: string): ClassName {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  const target = start === -1 ? "/" : url.slice(start);
  const q = target.indexOf("?");
  return q === -1 ? classOf(target, "") : classOf(target.slice(0, q), target.slice(q + 1));
}

/**
 * Business criticality classes: one table of weights and objectives for the code, the docs and the
 * weighted benchmark; each route declares its class in its policy (src/http/request/route-policy.ts).
 * Weights follow how siibra-explorer uses the API (what it cannot work without, what a user waits for,
 * what is background; docs/decisions.md#criticality-classes); the p95 objective is what "answered in
 * time" means for weighted goodput.
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

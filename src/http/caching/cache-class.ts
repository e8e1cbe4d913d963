/**
 * Which HTTP caching a request's answer gets, decided from its method, decoded path and raw query
 * alone, so routes added later fall into the right class by their path without touching this layer.
 *
 * - `metadata`: pure functions of (configuration, service version, request); public, revalidated by ETag.
 * - `files`: NIfTI volumes and feature downloads; public and long-lived (same ETag rules as metadata).
 * - `live`: answers that depend on remote live services, and `bbox=` lists (upstream's cache bypass rules):
 *   no shared caching, no ETag.
 * - `volatile`: task creation and polls (`/atlas_download…`), `/ready`: `no-store`.
 * - `uncacheable`: `/metrics`, non-GET, requests with `Authorization`: `no-store`.
 */
export type CacheClass = "metadata" | "files" | "live" | "volatile" | "uncacheable";

export type RouteCacheRule = {
  /** Matched against the percent-decoded path. */
  pattern: RegExp;
  cacheClass: CacheClass;
  /** The answer depends on `Accept` (the code-snippet trigger): every route that runs a job, and unknown paths. */
  varyAccept: boolean;
};

const rule = (pattern: RegExp, cacheClass: CacheClass, varyAccept = true): RouteCacheRule => ({
  pattern,
  cacheClass,
  varyAccept,
});

/** Paths whose class does not depend on the query; checked before the `bbox=` rule. First match wins. */
const FIXED_RULES: RouteCacheRule[] = [
  rule(/^\/ready$/, "volatile", false),
  rule(/^\/metrics$/, "uncacheable", false),
  // Task creation, status polls and result downloads: the answer changes while the task runs.
  rule(/^\/v3_0\/atlas_download(\/|$)/, "volatile"),
];

/** The rest of the table, after the `bbox=` rule. First match wins; the last row catches everything. */
const ROUTE_RULES: RouteCacheRule[] = [
  // Live queries (Allen API, knowledge graph): the same request may answer differently tomorrow.
  rule(/^\/v3_0\/feature\/(GeneExpressions|EbrainsDataFeature)(\/|$)/, "live"),
  rule(/^\/v3_0\/feature\/lq0::/, "live"),
  // All features of a region include the live-query ones.
  rule(/^\/v3_0\/regions\/.+\/features$/, "live"),
  rule(/^\/v3_0\/map\/[^/]+\.nii(\.gz)?$/, "files"),
  rule(/^\/v3_0\/map\/resampled_template$/, "files"),
  rule(/^\/v3_0\/feature\/.+\/download$/, "files"),
  rule(/^\/v3_0\/(openapi\.json|docs|redoc)$/, "metadata", false),
  rule(/^\/(about)?$/, "metadata", false),
  // Every other `/v3_0` route, and unknown paths (their 404 envelope, or the snippet layer's text 404).
  rule(/^/, "metadata"),
];

/** The `bbox=` lists: upstream never caches them (substring rule on the raw query, as upstream's). */
const BBOX_RULE: RouteCacheRule = rule(/^/, "live");

const UNCACHEABLE: RouteCacheRule = rule(/^/, "uncacheable", false);

export type ClassifiedRequest = {
  method: string;
  /** Percent-decoded path. */
  path: string;
  /** Raw query string, without `?`. */
  query: string;
  hasAuthorization: boolean;
};

export function cacheRuleFor(req: ClassifiedRequest): RouteCacheRule {
  if (req.method !== "GET" || req.hasAuthorization) return UNCACHEABLE;
  const fixed = FIXED_RULES.find((r) => r.pattern.test(req.path));
  if (fixed) return fixed;
  if (req.query.includes("bbox=")) return BBOX_RULE;
  return ROUTE_RULES.find((r) => r.pattern.test(req.path)) ?? UNCACHEABLE;
}

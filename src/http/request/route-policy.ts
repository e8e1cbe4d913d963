import type { ClassName } from "../admission/classes.ts";

/**
 * Which HTTP caching an answer gets:
 * - `metadata`: pure functions of (configuration, service version, request); public, revalidated by ETag.
 * - `files`: NIfTI volumes and feature downloads; public and long-lived (same ETag rules as metadata).
 * - `live`: answers that depend on remote live services, and `bbox=` lists (upstream's cache bypass rules):
 *   no shared caching, no ETag.
 * - `volatile`: task creation and polls (`/atlas_download…`), `/ready`: `no-store`.
 * - `uncacheable`: `/metrics`, non-GET, requests with `Authorization`: `no-store`.
 */
export type CacheClass = "metadata" | "files" | "live" | "volatile" | "uncacheable";

/** What a query- or id-dependent part of a policy may read: the matched route's parameters and the raw query. */
export type PolicyRequest = {
  /** A path parameter of the matched route, percent-decoded. */
  param(name: string): string;
  /** Raw query string, without `?`. */
  query: string;
};

/**
 * How the service treats a route's requests, declared where the route is (`describe()` or
 * `routePolicy()`); the tables every layer reads are derived from these at start-up (route-table.ts).
 */
export type RoutePolicy = {
  /** Criticality class (src/http/admission/classes.ts): admission lane and rate-limit budget. */
  class: ClassName | ((req: PolicyRequest) => ClassName);
  /** HTTP caching (`Cache-Control`, `ETag`, 304, the Workers edge cache). */
  cache: CacheClass | ((req: PolicyRequest) => CacheClass);
  /** Upstream's response cache reads and stores its answers (default true). */
  responseCache?: boolean;
  /** The answer depends on `Accept` (the code-snippet trigger): every route that runs a job (default true). */
  varyAccept?: boolean;
  /** Left out of the access log: probes and scrapes (default false). */
  quiet?: boolean;
};

/** A request's policy: its route's, with upstream's request-wide rules (method, `bbox=`, `find=`) applied. */
export type Policy = {
  lane: ClassName;
  cache: CacheClass;
  varyAccept: boolean;
  /** Upstream's response cache reads and stores the answer (headers — `Authorization`, snippets — aside). */
  stored: boolean;
  /** Upstream's response cache would keep this target's 404 envelope: every query but `find=`. */
  keeps404: boolean;
  quiet: boolean;
};

/** Paths no route serves: their 404 envelope is metadata, and they are never shed. */
export const UNKNOWN_ROUTE: RoutePolicy = { class: "critical", cache: "metadata" };

import type { MiddlewareHandler } from "hono";
import type { RoutePolicy } from "./route-policy.ts";

/** Marks a middleware with OpenAPI operation metadata (read by src/openapi). */
export const ROUTE_META = Symbol.for("siibra-edge.route-meta");
/** Marks a middleware with its route's policy (read by route-table.ts at start-up). */
export const ROUTE_POLICY = Symbol.for("siibra-edge.route-policy");

export type RouteMeta = {
  tags: string[];
  summary: string;
  description?: string;
  /** Name of the response model (components.schemas key), e.g. `Page_SiibraAtlasModel_`. */
  response?: string;
  deprecated?: boolean;
  /** Served but left out of the OpenAPI document. */
  hidden?: boolean;
  /** Class, caching and logging of the route's requests. */
  policy: RoutePolicy;
};

type Tagged = MiddlewareHandler & { [ROUTE_POLICY]: RoutePolicy };

const passThrough = (): MiddlewareHandler => async (_c, next) => {
  await next();
};

/** A pass-through middleware carrying the route's documentation and policy. */
export function describe(meta: RouteMeta): Tagged & { [ROUTE_META]: RouteMeta } {
  return Object.assign(passThrough(), { [ROUTE_META]: meta, [ROUTE_POLICY]: meta.policy });
}

/** The policy of a route left out of the documentation (service routes, docs, job delivery). */
export function routePolicy(policy: RoutePolicy): Tagged {
  return Object.assign(passThrough(), { [ROUTE_POLICY]: policy });
}

/** Set by Hono's `route()` when a sub-app has its own error handler (hono/utils/constants). */
const COMPOSED_HANDLER = "__COMPOSED_HANDLER";

/** A handler's tag, looking through the wrapper Hono adds around composed sub-app handlers. */
export function tagOf<T>(handler: unknown, key: symbol): T | undefined {
  let h: unknown = handler;
  while (typeof h === "function") {
    const record = h as unknown as Record<string | symbol, unknown>;
    if (record[key] !== undefined) return record[key] as T;
    h = record[COMPOSED_HANDLER];
  }
  return undefined;
}

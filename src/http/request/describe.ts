import type { MiddlewareHandler } from "hono";

/** Marks a middleware with OpenAPI operation metadata (read by src/openapi). */
export const ROUTE_META = Symbol.for("siibra-edge.route-meta");

export type RouteMeta = {
  tags: string[];
  summary: string;
  description?: string;
  /** Name of the response model (components.schemas key), e.g. `Page_SiibraAtlasModel_`. */
  response?: string;
  deprecated?: boolean;
  /** Served but left out of the OpenAPI document. */
  hidden?: boolean;
};

/** A pass-through middleware carrying the route's documentation. */
export function describe(meta: RouteMeta): MiddlewareHandler & { [ROUTE_META]: RouteMeta } {
  const mw: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  return Object.assign(mw, { [ROUTE_META]: meta });
}

import type { HttpCachePolicy } from "./http-cache-policy.ts";
import type { RouteTable } from "../request/route-table.ts";

/** The part of the Workers Cache API (`caches.default`) used here. */
export type EdgeCache = {
  match(request: Request): Promise<Response | undefined>;
  put(request: Request, response: Response): Promise<void>;
};

export type EdgeCacheOptions = {
  cache: EdgeCache;
  policy: HttpCachePolicy;
  /** The app's route table: the class of a request is its route's, decided before the app runs. */
  routes: RouteTable;
  /** Lets the cache write finish after the answer is sent (`ctx.waitUntil` on Workers). */
  waitUntil(task: Promise<unknown>): void;
  /** The app itself. */
  handle(request: Request): Promise<Response>;
  onError?(error: unknown): void;
};

/**
 * Cache-API key of a request: its ETag names exactly what the answer is a function of (data version,
 * service version, decoded path, raw query, snippet or JSON, ETag epoch), so a configuration change or
 * a new epoch simply misses. Same origin as the request: the Cache API stores per zone.
 */
function keyRequest(request: Request, etag: string): Request {
  return new Request(new URL(`/_edge-cache/${etag.slice(1, -1)}`, request.url).toString());
}

/**
 * Workers entry wrapper: public answers (metadata and files classes, 200s and 404 envelopes) are kept
 * in the point of presence's cache, so a repeat never runs the app. A matching `If-None-Match` goes
 * to the app, which answers 304 without running anything; upstream's bypass headers skip the read
 * and refresh the entry.
 */
export async function throughEdgeCache(request: Request, options: EdgeCacheOptions): Promise<Response> {
  const { cache, policy, routes, waitUntil, handle, onError } = options;
  const { target, policy: route } = routes.resolve(request);
  const decision = policy.decide(request, target, route);
  if (!decision?.etag || decision.notModified) return handle(request);
  const key = keyRequest(request, decision.etag);

  if (!decision.bypass) {
    const hit = await cache.match(key).catch((error: unknown) => {
      onError?.(error);
      return undefined;
    });
    if (hit) return asHit(hit);
  }

  const response = await handle(request);
  const storable =
    (response.status === 200 || response.status === 404) &&
    response.headers.get("etag") === decision.etag &&
    (response.headers.get("cache-control") ?? "").startsWith("public");
  if (storable) waitUntil(cache.put(key, response.clone()).catch((error: unknown) => onError?.(error)));
  return response;
}

/** A stored JSON answer says so like upstream's cache hits do. */
function asHit(stored: Response): Response {
  const res = new Response(stored.body, stored);
  if ((res.headers.get("content-type") ?? "").startsWith("application/json")) res.headers.set("x-fastapi-cache", "hit");
  return res;
}

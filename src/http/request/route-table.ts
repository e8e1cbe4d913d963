import { PatternRouter } from "hono/router/pattern-router";
import { getPath } from "hono/utils/url";
import { MemoRouter } from "./memo-router.ts";
import { ROUTE_POLICY, tagOf } from "./describe.ts";
import { decodePath, RequestTarget } from "./request-target.ts";
import { UNKNOWN_ROUTE } from "./route-policy.ts";
import type { Policy, RoutePolicy } from "./route-policy.ts";

/** Structural view of a Hono app's flattened route table (`app.routes`). */
export type RouteList = ReadonlyArray<{ method: string; path: string; handler: unknown }>;

/** One registered route: Hono stores `.get(path, mw…, handler)` as consecutive entries of one method and path. */
export type DeclaredRoute = { method: string; path: string; policy?: RoutePolicy };

/** Routes as registered, with the policy their handlers carry (middleware mounted by `use()` left out). */
export function declaredRoutes(routes: RouteList): DeclaredRoute[] {
  const runs: DeclaredRoute[] = [];
  for (const r of routes) {
    let run = runs.at(-1);
    if (!run || run.method !== r.method || run.path !== r.path) {
      run = { method: r.method, path: r.path };
      runs.push(run);
    }
    run.policy ??= tagOf<RoutePolicy>(r.handler, ROUTE_POLICY);
  }
  return runs.filter((r) => r.method !== "ALL");
}

type Entry = {
  policy: RoutePolicy;
  /** The request's policy when it cannot vary: no query- or id-dependent parts, a GET without `bbox=`/`find=`. */
  fixed: Policy | null;
};

function compile(policy: RoutePolicy): Entry {
  const varies = typeof policy.class === "function" || typeof policy.cache === "function";
  return { policy, fixed: varies ? null : Object.freeze(resolve(policy, {}, "GET", "")) };
}

/** The route's policy with upstream's request-wide rules, which hold on every path alike. */
function resolve(route: RoutePolicy, params: Record<string, string>, method: string, query: string): Policy {
  const req = { query, param: (name: string) => decodePath(params[name] ?? "") };
  const lane = typeof route.class === "function" ? route.class(req) : route.class;
  let cache = typeof route.cache === "function" ? route.cache(req) : route.cache;
  let varyAccept = route.varyAccept ?? true;
  let stored = route.responseCache ?? true;
  const keeps404 = !query.includes("find=");
  if (method !== "GET") {
    cache = "uncacheable";
    varyAccept = false;
    stored = false;
  } else if (query.includes("bbox=")) {
    // Upstream never caches `bbox=` requests (a substring rule on the raw query); tasks and probes keep their class.
    stored = false;
    if (cache !== "volatile" && cache !== "uncacheable") {
      cache = "live";
      varyAccept = true;
    }
  }
  return { lane, cache, varyAccept, stored: stored && keeps404, keeps404, quiet: route.quiet ?? false };
}

const UNKNOWN = compile(UNKNOWN_ROUTE);
const NO_PARAMS: Record<string, string> = {};

/**
 * Route → policy, derived from the app's own route table once its routes are registered, and matched
 * with the app's router kind (first registered match wins, as in the app) behind a memo: one map
 * lookup per request for the paths clients repeat.
 */
export class RouteTable {
  private readonly router = new MemoRouter<Entry>(new PatternRouter<Entry>());
  private loaded = false;

  /** Reads the policy of every route; a route without one is a programming error, refused at start-up. */
  load(routes: RouteList): this {
    if (this.loaded) throw new Error("route table already loaded");
    this.loaded = true;
    for (const r of declaredRoutes(routes)) {
      if (!r.policy) throw new Error(`${r.method} ${r.path} declares no policy (describe() or routePolicy())`);
      this.router.add(r.method, r.path, compile(r.policy));
    }
    return this;
  }

  /** The policy of a request, from its method, routed path (as Hono routes it) and raw query. */
  policyOf(method: string, path: string, query: string): Policy {
    let [matches] = this.router.match(method, path);
    // Another method on a GET route (HEAD, which Hono routes through the GET handlers, or a 405) keeps
    // the route's class and logging; the method rules below make it uncacheable.
    if (matches.length === 0 && method !== "GET") [matches] = this.router.match("GET", path);
    const hit = matches[0];
    const entry = hit ? hit[0] : UNKNOWN;
    if (entry.fixed && method === "GET" && (query === "" || (!query.includes("bbox=") && !query.includes("find="))))
      return entry.fixed;
    return resolve(entry.policy, hit ? (hit[1] as Record<string, string>) : NO_PARAMS, method, query);
  }

  /** Target and policy of a request outside the app (the Workers edge cache, tests, benchmarks). */
  resolve(request: Request): { target: RequestTarget; policy: Policy } {
    const target = new RequestTarget(request.url);
    return { target, policy: this.policyOf(request.method, getPath(request), target.query) };
  }
}

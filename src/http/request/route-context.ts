import { RequestTarget } from "./request-target.ts";
import type { MiddlewareHandler } from "hono";
import type { RouteTable } from "./route-table.ts";
import type { AppEnv } from "../env.ts";

/**
 * First middleware (after the immutable lane, which answers from the target alone): parses the request
 * target once and looks up the matched route's policy (`target`, `policy` context variables), which
 * every later layer reads instead of the URL. The path is the one Hono has already routed with
 * (`c.req.path`), so the policy is the matched route's. Layers read them with `c.get()`: `c.var`
 * copies every variable into a new object on each access.
 */
export function routeContext(routes: RouteTable): MiddlewareHandler<AppEnv> {
  // Not async: on the core path one promise fewer per request is measurable.
  return (c, next) => {
    // The immutable lane, when mounted in front, has parsed it already.
    let target = c.get("target");
    if (!target) {
      target = new RequestTarget(c.req.url);
      c.set("target", target);
    }
    c.set("policy", routes.policyOf(c.req.method, c.req.path, target.query));
    return next();
  };
}

import { apiRoutes } from "../../src/app.ts";
import { RouteTable } from "../../src/http/request/route-table.ts";
import type { ClassName } from "../../src/http/admission/classes.ts";

const routes = new RouteTable().load(apiRoutes());

/**
 * The criticality class of a request target (path and query) as the service classes it: the policy of
 * the matched route in the app's own route list, so the benchmark groups requests as admission does.
 */
export function classOf(target: string): ClassName {
  return routes.resolve(new Request(`http://bench${target}`)).policy.lane;
}

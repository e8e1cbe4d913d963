import type { Services } from "../services.ts";
import type { RequestTarget } from "./request/request-target.ts";
import type { Policy } from "./request/route-policy.ts";

/** What a route leaves for the replay lane when its job is immutable (see `Job.immutable`). */
export type ImmutableBody = { text: string; route: string };

/** Hono environment of every route: the services chosen by the composition root. */
export type AppEnv = {
  Variables: {
    services: Services;
    /** The request target, parsed once by the first middleware (src/http/request/route-context.ts). */
    target: RequestTarget;
    /** The matched route's policy for this request (src/http/request/route-context.ts). */
    policy: Policy;
    /** Set by routes answered from an immutable job whose answer is whole (src/http/caching/immutable-lane.ts). */
    immutableBody?: ImmutableBody;
    /** The answer was built around a failed source: `no-store`, no ETag, kept by no cache. */
    partial?: boolean;
    /**
     * Takes the request's admission slot (its class's; no-op for critical), once; rejects with a
     * ShedError when the class is saturated. Unset when no admission control is mounted.
     */
    admit?: () => Promise<void>;
    /** Route pattern to report in metrics when a middleware answered for the route. */
    metricsRoute?: string;
  };
};

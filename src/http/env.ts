import type { Services } from "../services.ts";
import type { ImmutableBody } from "./immutable-bytes.ts";

/** Hono environment of every route: the services chosen by the composition root. */
export type AppEnv = {
  Variables: {
    services: Services;
    /** Set by routes answered from an immutable job (src/http/immutable-bytes.ts). */
    immutableBody?: ImmutableBody;
    /** Route pattern to report in metrics when a middleware answered for the route. */
    metricsRoute?: string;
  };
};

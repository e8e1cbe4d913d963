import type { Services } from "../services.ts";

/** Hono environment of every route: the services chosen by the composition root. */
export type AppEnv = { Variables: { services: Services } };

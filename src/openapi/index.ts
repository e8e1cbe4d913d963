export { generateOpenApi, API_PREFIX } from "./generate.ts";
export type { RouteSource } from "./generate.ts";
export type { OpenApiDocument } from "./types.ts";

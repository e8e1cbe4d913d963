import type * as v from "valibot";
import { ROUTE_META, tagOf } from "../http/request/describe.ts";
import { QUERY_SCHEMA } from "../http/request/validate.ts";
import { toOpenApiPath, relativeTo } from "./path.ts";
import { fieldTitle, operationId } from "./naming.ts";
import { componentSchemas, isOptional, namedEnums, parameterSchema } from "./schema.ts";
import { VALIDATION_SCHEMAS, jsonResponse, ref, responseModelSchema } from "./components.ts";
import type { RouteMeta } from "../http/request/describe.ts";
import type { JsonSchema, OpenApiDocument, Operation, Parameter } from "./types.ts";

type QuerySchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/** Structural view of a Hono app: only its flattened route table is read. */
export type RouteSource = { routes: ReadonlyArray<{ method: string; path: string; handler: unknown }> };

export const API_PREFIX = "/v3_0";

type Collected = { method: string; path: string; meta?: RouteMeta; query?: QuerySchema };

/**
 * Hono stores `.get(path, mw1, mw2, handler)` as consecutive entries with the same method and
 * path; each run is one operation.
 */
function collect(app: RouteSource): Collected[] {
  const runs: Collected[] = [];
  for (const r of app.routes) {
    const last = runs.at(-1);
    const run = last && last.method === r.method && last.path === r.path ? last : { method: r.method, path: r.path };
    if (run !== last) runs.push(run);
    run.meta ??= tagOf<RouteMeta>(r.handler, ROUTE_META);
    run.query ??= tagOf<QuerySchema>(r.handler, QUERY_SCHEMA);
  }
  return runs;
}

function parameters(
  pathParams: string[],
  query: QuerySchema | undefined,
  enums: Record<string, v.GenericSchema>,
): Parameter[] {
  // FastAPI lists path parameters first, then query parameters in signature order.
  const path: Parameter[] = pathParams.map((name) => ({
    required: true,
    schema: { type: "string", title: fieldTitle(name) },
    name,
    in: "path",
  }));
  const entries = Object.entries(query?.entries ?? {}) as [string, v.GenericSchema][];
  const queryParams: Parameter[] = entries.map(([name, schema]) => ({
    required: !isOptional(schema),
    schema: parameterSchema(schema, enums),
    name,
    in: "query",
  }));
  return [...path, ...queryParams];
}

function operation(meta: RouteMeta, path: string, method: string, params: Parameter[]): Operation {
  const responses: Operation["responses"] = {
    "200": jsonResponse("Successful Response", meta.response ? ref(meta.response) : {}),
  };
  // FastAPI only advertises 422 when there is something to validate.
  if (params.length > 0) responses["422"] = jsonResponse("Validation Error", ref("HTTPValidationError"));
  // Keys in FastAPI's order, so the document diffs cleanly against upstream's.
  return {
    tags: meta.tags,
    summary: meta.summary,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    operationId: operationId(meta.summary, path, method),
    ...(params.length > 0 ? { parameters: params } : {}),
    responses,
    ...(meta.deprecated ? { deprecated: true } : {}),
  };
}

/**
 * The `/v3_0` OpenAPI document, built from the root app's route table. Only routes carrying a
 * `describe()` tag are documented, so docs and unversioned routes stay out by construction.
 */
export function generateOpenApi(app: RouteSource, prefix: string = API_PREFIX): OpenApiDocument {
  const runs = collect(app).filter((r) => r.meta && !r.meta.hidden);
  const enums = namedEnums(runs.flatMap((r) => Object.values(r.query?.entries ?? {}) as v.GenericSchema[]));
  const paths: OpenApiDocument["paths"] = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const run of runs) {
    const meta = run.meta as RouteMeta;
    const relative = relativeTo(prefix, run.path);
    if (relative === null || run.method === "ALL") continue;
    const { path, params } = toOpenApiPath(relative);
    const method = run.method.toLowerCase();
    paths[path] ??= {};
    const item = paths[path];
    if (item[method]) continue; // first registration wins when routing, so it is the documented one
    item[method] = operation(meta, path, method, parameters(params, run.query, enums));
    if (meta.response) schemas[meta.response] ??= responseModelSchema(meta.response);
  }
  Object.assign(schemas, componentSchemas(enums), VALIDATION_SCHEMAS);
  return {
    openapi: "3.1.0",
    info: { title: "siibra api", description: "This is the REST api for siibra tools", version: "3.0" },
    servers: [{ url: prefix }],
    paths,
    // Code-point order, like pydantic's sorted definitions.
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    },
  };
}

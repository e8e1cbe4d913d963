import { beforeAll, describe, expect, test } from "bun:test";
import { testApp } from "../_support/app.ts";
import { toOpenApiPath } from "../../src/openapi/path.ts";

/**
 * Our generated `/v3_0/openapi.json` against upstream's deployed contract: every operation we
 * document must exist upstream with the same parameters (name, location, requiredness, default,
 * schema) in the same order.
 */

type Param = { name: string; in: string; required?: boolean; schema?: Record<string, unknown> };
type Operation = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  deprecated?: boolean;
  parameters?: Param[];
};
type Doc = { openapi: string; info: unknown; servers: unknown; paths: Record<string, Record<string, Operation>> };

const CONTRACT = `${import.meta.dir}/../../../shared/contract/siibra-api-v3_0.openapi.json`;
const DOCS_ROUTES = new Set(["/openapi.json", "/docs", "/redoc"]);

const DELIVERED = [
  "/atlases",
  "/atlases/{atlas_id}",
  "/spaces",
  "/spaces/{space_id}",
  "/parcellations",
  "/parcellations/{parcellation_id}",
  "/regions",
  "/regions/{region_id}",
  "/regions/{region_id}/related",
  "/maps",
  "/maps/{map_id}",
  "/map",
  "/vocabularies/genes",
  "/feature/_types",
  "/feature/RegionalConnectivity",
  "/feature/CorticalProfile",
  "/feature/Tabular",
  "/regions/{region_id}/features",
  "/feature/RegionalConnectivity/{feature_id}",
  "/feature/CorticalProfile/{feature_id}",
  "/feature/Tabular/{feature_id}",
  "/feature/{feature_id}",
  "/feature/{feature_id}/plotly",
  "/feature/{feature_id}/download",
  "/atlas_download",
  "/atlas_download/{task_id}",
  "/atlas_download/{task_id}/download",
];

let ours: Doc;
let upstream: Doc;
let app: Awaited<ReturnType<typeof testApp>>["app"];

beforeAll(async () => {
  app = (await testApp()).app;
  const res = await app.request("/v3_0/openapi.json");
  expect(res.status).toBe(200);
  ours = (await res.json()) as Doc;
  upstream = (await Bun.file(CONTRACT).json()) as Doc;
});

function operations(doc: Doc): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([m, op]): [string, string, Operation] => [path, m, op]),
  );
}

/** The comparable face of a parameter; `default` absent stays absent (no `null` default upstream). */
const shape = (p: Param) => ({
  name: p.name,
  in: p.in,
  required: p.required ?? false,
  default: p.schema?.default,
  schema: p.schema,
});

describe("GET /v3_0/openapi.json", () => {
  test("has upstream's header", () => {
    expect(ours.openapi).toBe("3.1.0");
    expect(ours.info).toEqual({
      title: "siibra api",
      description: "This is the REST api for siibra tools",
      version: "3.0",
    });
    expect(ours.servers).toEqual([{ url: "/v3_0" }]);
  });

  test("documents the delivered routes", () => {
    for (const path of DELIVERED) expect(ours.paths[path]?.get, path).toBeDefined();
  });

  test("documents every /v3_0 route the app serves (routes/*.ts)", () => {
    const served = new Set(
      app.routes
        .filter((r) => r.method === "GET" && r.path.startsWith("/v3_0/"))
        .map((r) => toOpenApiPath(r.path.slice("/v3_0".length)).path)
        .filter((p) => !DOCS_ROUTES.has(p)),
    );
    expect(served.size).toBeGreaterThanOrEqual(DELIVERED.length);
    for (const path of served) expect(ours.paths[path]?.get, path).toBeDefined();
  });

  test("leaves docs and unversioned routes out", () => {
    for (const path of ["/openapi.json", "/docs", "/redoc", "/ready", "/about", "/"])
      expect(ours.paths[path]).toBeUndefined();
  });

  test("every operation exists upstream with the same parameters, in order", () => {
    for (const [path, method, op] of operations(ours)) {
      const theirs = upstream.paths[path]?.[method];
      expect(theirs, `${method} ${path} is not in the contract`).toBeDefined();
      if (!theirs) continue;
      expect((op.parameters ?? []).map(shape), `${method} ${path}`).toEqual((theirs.parameters ?? []).map(shape));
    }
  });

  test("operation metadata matches upstream", () => {
    for (const [path, method, op] of operations(ours)) {
      const theirs = upstream.paths[path]?.[method];
      if (!theirs) continue;
      const meta = (o: Operation) => ({
        operationId: o.operationId,
        summary: o.summary,
        deprecated: o.deprecated ?? false,
        tags: [...new Set(o.tags)],
      });
      expect(meta(op), `${method} ${path}`).toEqual(meta(theirs));
    }
  });

  test("is stable across requests (cached after the first)", async () => {
    const again = await (await app.request("/v3_0/openapi.json")).json();
    expect(again).toEqual(ours);
  });
});

describe("docs pages", () => {
  test("GET /v3_0/docs serves Swagger UI pointing at the document", async () => {
    const res = await app.request("/v3_0/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("swagger-ui");
    expect(html).toContain("/v3_0/openapi.json");
  });

  test("GET /v3_0/redoc serves ReDoc", async () => {
    const res = await app.request("/v3_0/redoc");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<redoc spec-url="/v3_0/openapi.json"');
  });
});

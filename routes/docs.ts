import { Hono } from "hono";
import type { OpenApiDocument, RouteSource } from "../src/openapi/index.ts";
import { routePolicy } from "../src/http/request/describe.ts";
import type { AppEnv } from "../src/http/env.ts";

const SPEC_URL = "/v3_0/openapi.json";
const TITLE = "siibra api";

/** The asset URLs FastAPI's own docs pages use, so the pages look like upstream's. */
const SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5";
const REDOC = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js";

const swaggerHtml = `<!DOCTYPE html>
<html>
<head>
<link type="text/css" rel="stylesheet" href="${SWAGGER_UI}/swagger-ui.css">
<title>${TITLE} - Swagger UI</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="${SWAGGER_UI}/swagger-ui-bundle.js"></script>
<script>
const ui = SwaggerUIBundle({
  url: "${SPEC_URL}",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
</script>
</body>
</html>`;

const redocHtml = `<!DOCTYPE html>
<html>
<head>
<title>${TITLE} - ReDoc</title>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="${SPEC_URL}"></redoc>
<script src="${REDOC}"></script>
</body>
</html>`;

/**
 * `/v3_0/openapi.json`, `/v3_0/docs`, `/v3_0/redoc`. The document needs the root app's route
 * table (mount prefixes included), hence the getter; it is built on first request, once every
 * route is registered, and cached. These routes carry no `describe()` tag, so they stay out of it.
 */
export function docsRoutes(getRoot: () => RouteSource) {
  let doc: OpenApiDocument | null = null;
  const page = routePolicy({ class: "critical", cache: "metadata", varyAccept: false });
  return new Hono<AppEnv>()
    .get(
      "/openapi.json",
      routePolicy({ class: "critical", cache: "metadata", varyAccept: false, responseCache: false }),
      async (c) => {
        // Loaded on first request: the generator and its JSON-schema library are start-up cost otherwise.
        doc ??= (await import("../src/openapi/index.ts")).generateOpenApi(getRoot());
        return c.json(doc);
      },
    )
    .get("/docs", page, (c) => c.html(swaggerHtml))
    .get("/redoc", page, (c) => c.html(redocHtml));
}

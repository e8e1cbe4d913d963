import { Hono } from "hono";
import type { AppEnv } from "../src/http/env.ts";

/** Unversioned service routes: readiness, service metadata, landing page. */
export const service = new Hono<AppEnv>()
  // Never cached and never a store lookup: a probe must not depend on anything but the process.
  .get("/ready", (c) => c.json("ready"))
  .get("/about", (c) =>
    c.json({
      "@context": "https://gitlab.ebrains.eu/lauramble/servicemeta/-/raw/main/data/contexts/servicemeta.jsonld",
      type: "WebApplication",
      author: [{ type: "Organization", name: "siibra-edge contributors" }],
      documentation: "https://siibra-api.readthedocs.io/en/latest/",
      name: "siibra-api",
      version: c.var.services.version,
      inputFormat: ["json"],
      outputFormat: ["json", "nifti"],
    }),
  )
  .get("/", (c) =>
    c.html(
      `<!doctype html><html><head><title>siibra-api</title></head><body>` +
        `<h1>siibra-api</h1><p>api version: ${c.var.services.version}</p>` +
        `<ul><li><a href="/v3_0/docs">/v3_0/docs</a></li>` +
        `<li><a href="/v3_0/openapi.json">/v3_0/openapi.json</a></li></ul>` +
        `</body></html>`,
    ),
  );

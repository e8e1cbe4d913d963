import type { MiddlewareHandler } from "hono";
import { envelopeResponse } from "./envelope.ts";

const SAFELISTED = new Set(["accept", "accept-language", "content-language", "content-type"]);

/**
 * Outermost middleware: the version header and the CORS headers siibra-explorer relies on go on
 * every response (errors and not-found included); preflights are answered like Starlette's
 * CORSMiddleware configured by upstream (GET only, safelisted headers, max-age 600).
 */
export function crossCutting(version: string): MiddlewareHandler {
  return async (c, next) => {
    const preflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method");
    if (preflight) {
      c.res = preflightResponse(
        c.req.header("access-control-request-method") ?? "",
        c.req.header("access-control-request-headers") ?? "",
      );
    } else {
      await next();
    }
    const headers = c.res.headers;
    headers.set("x-siibra-api-version", version);
    headers.set("access-control-allow-origin", "*");
    headers.set("access-control-expose-headers", "x-siibra-api-version");
  };
}

function preflightResponse(method: string, requested: string): Response {
  const failures: string[] = [];
  if (method.toUpperCase() !== "GET") failures.push("method");
  const headers = requested
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (headers.some((h) => !SAFELISTED.has(h))) failures.push("headers");
  if (failures.length > 0) return envelopeResponse(400, `Disallowed CORS ${failures.join(", ")}`);
  return new Response("OK", {
    status: 200,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "access-control-allow-methods": "GET",
      "access-control-allow-headers": "Accept, Accept-Language, Content-Language, Content-Type",
      "access-control-max-age": "600",
    },
  });
}

/**
 * Cloudflare Workers entry (wrangler.toml `main`). The configuration comes bundled from
 * build/worker-config.js (`bun run build:worker`) because Workers have no file system.
 *
 * Nothing heavy runs in global scope (1 s startup budget): the environment is parsed, the JSON
 * parsed and the atlas store built on the first request, then kept for the isolate's lifetime.
 */
import { FILES_JSON, GENES_JSON, REST_JSON } from "siibra-worker-config";
import type { ExecutionContext } from "hono";
import { createApp } from "./app.ts";
import type { App } from "./app.ts";
import { composeServices } from "./compose.ts";
import type { ConfigFiles, Vocabularies } from "./config/files.ts";
import { parseEnv } from "./env.ts";
import { envelopeResponse } from "./http/response/envelope.ts";
import { throughEdgeCache } from "./http/caching/edge-cache.ts";
import type { EdgeCache } from "./http/caching/edge-cache.ts";
import { httpCachePolicy } from "./http/caching/http-cache-policy.ts";
import type { HttpCachePolicy } from "./http/caching/http-cache-policy.ts";
import { RouteTable } from "./http/request/route-table.ts";
import { parseRemapRules } from "./lib/remote.ts";
import { createHash } from "node:crypto";
import { useMd5 } from "./lib/md5.ts";

// Workers have no Bun hasher; nodejs_compat's node:crypto serves (src/lib/md5.ts).
useMd5((text) => createHash("md5").update(text, "utf8").digest("hex"));

/** Worker bindings: `[vars]` and secrets are strings; other binding kinds are ignored here. */
export type CloudflareBindings = Record<string, unknown>;

type Built = { app: App; policy: HttpCachePolicy; routes: RouteTable; log: (message: string) => void };

let built: Built | undefined;

type BundledRest = Omit<ConfigFiles, "files" | "vocabularies"> & { vocabularies: Omit<Vocabularies, "genes"> };

/** The bundled configuration; the genes vocabulary (1.5 MB) is parsed only when first read. */
function bundledConfigFiles(): ConfigFiles {
  const rest = JSON.parse(REST_JSON) as BundledRest;
  let genes: Vocabularies["genes"] | undefined;
  const vocabularies: Vocabularies = {
    ...rest.vocabularies,
    get genes() {
      genes ??= JSON.parse(GENES_JSON) as Vocabularies["genes"];
      return genes;
    },
  };
  return { ...rest, files: JSON.parse(FILES_JSON) as ConfigFiles["files"], vocabularies };
}

function appFor(bindings: CloudflareBindings): Built {
  if (built) return built;
  const strings = Object.entries(bindings).filter((e): e is [string, string] => typeof e[1] === "string");
  const env = parseEnv(Object.fromEntries(strings));
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  // Synchronous, so concurrent first requests in one isolate cannot build twice.
  const services = composeServices({ env, files: bundledConfigFiles(), remap });
  // The app's own route table: the edge cache classes a request as the app does, before it runs.
  const routes = new RouteTable();
  const app = createApp(services, routes);
  built = { app, policy: httpCachePolicy(services), routes, log: (m) => services.logger.warn(m) };
  return built;
}

/** The point of presence's cache; absent outside Workers (and a no-op on `*.workers.dev`). */
function edgeCache(): EdgeCache | undefined {
  return (globalThis as { caches?: { default?: EdgeCache } }).caches?.default;
}

export default {
  fetch(request: Request, bindings: CloudflareBindings, ctx: ExecutionContext): Response | Promise<Response> {
    let worker: Built;
    try {
      worker = appFor(bindings);
    } catch (err) {
      // A bad variable is a deployment error: say which one instead of Cloudflare's opaque 1101 page.
      const message = err instanceof Error ? err.message : String(err);
      console.error(message);
      return envelopeResponse(500, { detail: "Some error occurred", error: message });
    }
    const { app, policy, routes, log } = worker;
    const handle = async (req: Request) => app.fetch(req, bindings, ctx);
    const cache = edgeCache();
    if (!cache || !policy.enabled) return handle(request);
    return throughEdgeCache(request, {
      cache,
      policy,
      routes,
      handle,
      waitUntil: (task) => ctx.waitUntil(task),
      onError: (error) => log(`edge cache: ${error instanceof Error ? error.message : String(error)}`),
    });
  },
};

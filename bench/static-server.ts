import { Hono } from "hono";
import { parseEnv } from "../src/env.ts";
import { createApp } from "../src/app.ts";
import { composeServices } from "../src/compose.ts";
import { resolveConfigDirs } from "../src/config/resolve.ts";
import { loadConfigDir } from "../src/config/load-dir.ts";
import { createDownloadFetcher } from "../src/config/download.ts";
import { parseRemapRules } from "../src/lib/remote.ts";

/**
 * The real app plus a baseline app in the same process: `/bench/static` answers a constant JSON
 * body (the bytes of `BENCH_STATIC_OF`, captured once), so ratios compare like with like.
 * `BENCH_STATIC_OF` may also be a JSON list of paths: `/bench/static?i=N` answers the N-th.
 */
const env = parseEnv(process.env);
const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
const { configDir, vocabDir } = await resolveConfigDirs(env, createDownloadFetcher(remap));
const app = createApp(composeServices({ env, files: await loadConfigDir(configDir, vocabDir), remap }));
const of = process.env.BENCH_STATIC_OF ?? "/v3_0/atlases";
const paths: string[] = of.startsWith("[") ? JSON.parse(of) : [of];
// Captured with the cache bypassed, so the app's own response cache stays cold for the measured routes.
const bodies = await Promise.all(
  paths.map(async (p) => (await app.request(p, { headers: { "cache-control": "no-cache" } })).text()),
);
const statics = new Hono();
statics.get("/bench/static", (c) =>
  c.body(bodies[Number(c.req.query("i") ?? 0)], 200, { "content-type": "application/json" }),
);
// Two apps side by side, each with its own router: the real app is served by its own `fetch`, as
// src/index.ts serves it (mounted under another app, its routes would be matched by that app's router).
const server = Bun.serve({
  port: env.PORT,
  fetch: (req, srv) => (req.url.includes("/bench/static") ? statics.fetch(req, srv) : app.fetch(req, srv)),
});
console.log(`ready ${server.port}`);

/**
 * HTTP caching (docs/operations.md#http-caching): ETags, conditional requests and Cache-Control classes on
 * the real app and configuration.
 */
import { describe, expect, test } from "bun:test";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../../src/app.ts";
import { composeServices } from "../../../src/compose.ts";
import { loadConfigDir } from "../../../src/config/load-dir.ts";
import { NO_MESH_FRAGMENTS } from "../../../src/atlas/mesh-fragments.ts";
import { createIdsOnlyDatasetService } from "../../../src/datasets/index.ts";
import { parseEnv } from "../../../src/env.ts";
import { parseRemapRules } from "../../../src/lib/remote.ts";
import { CONFIG_DIR, OFFLINE_KG, VOCAB_DIR, configFiles, testApp } from "../../_support/app.ts";
import type { ConfigFiles } from "../../../src/config/files.ts";
import type { JobRunner } from "../../../src/transport/runner.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const MNI152 = encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");
const METADATA_CONTROL = "public, max-age=3600, stale-while-revalidate=86400";

/** An app whose job runner counts runs (the job transport is what a 304 must not reach). */
async function countingApp(vars: Record<string, string> = {}, files?: ConfigFiles) {
  // The keep layer would answer repeats without a job too; off, so job runs count 304s only.
  const env = parseEnv({ SIIBRA_API_LOG: "silent", SIIBRA_API_KEEP_MB: "0", ...vars });
  const remap = parseRemapRules(env.SIIBRA_API_REMAP_PROVIDERS);
  const services = composeServices({
    env,
    files: files ?? (await configFiles()),
    remap,
    datasets: createIdsOnlyDatasetService(),
    kg: OFFLINE_KG,
    meshes: NO_MESH_FRAGMENTS,
  });
  const inner = services.jobs;
  const counter = { runs: 0 };
  const counting: JobRunner = {
    run: (job, payload) => {
      counter.runs++;
      return inner.run(job, payload);
    },
    enqueue: (job, payload) => inner.enqueue(job, payload),
  };
  services.jobs = counting;
  return { app: createApp(services), services, counter };
}

const get = async (
  app: { request: (p: string, i?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
) => {
  const res = await app.request(path, { headers });
  return { res, body: await res.text() };
};

/** Metadata routes as siibra-explorer calls them, one per route family, plus a 404 envelope and unknown path. */
const METADATA_PATHS = [
  "/v3_0/atlases",
  "/v3_0/atlases/juelich/iav/atlas/v1.0.0/1",
  "/v3_0/spaces?size=3&page=2",
  `/v3_0/spaces/${MNI152}`,
  "/v3_0/parcellations",
  `/v3_0/parcellations/${JBA31}`,
  `/v3_0/regions?parcellation_id=${JBA31}&page=2`,
  `/v3_0/regions?parcellation_id=${JBA31}&find=hoc1`,
  `/v3_0/regions/${encodeURIComponent("Area 44 (IFG)")}?parcellation_id=${JBA31}`,
  `/v3_0/maps?parcellation_id=${JBA31}`,
  `/v3_0/map?parcellation_id=${JBA31}&space_id=${MNI152}&map_type=LABELLED`,
  "/v3_0/feature/_types",
  `/v3_0/feature/Tabular?parcellation_id=${JBA31}&region_id=${encodeURIComponent("Area 44 (IFG)")}`,
  "/v3_0/vocabularies/genes?find=GABA",
];

describe("Cache-Control and ETag by class", async () => {
  const { app } = await testApp();

  test("every metadata route: strong ETag, public Cache-Control, Vary: Accept", async () => {
    const etags = new Set<string>();
    for (const path of METADATA_PATHS) {
      const { res } = await get(app, path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const etag = res.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      etags.add(etag);
      expect(res.headers.get("cache-control")).toBe(METADATA_CONTROL);
      expect(res.headers.get("vary")).toBe("Accept");
    }
    expect(etags.size).toBe(METADATA_PATHS.length);
  }, 30_000);

  test("a response-cache hit carries the same ETag and headers as the miss that stored it", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=5`;
    const first = await get(app, path);
    const second = await get(app, path);
    expect(second.res.headers.get("x-fastapi-cache")).toBe("hit");
    expect(first.res.headers.get("x-fastapi-cache")).toBeNull();
    expect(second.res.headers.get("etag")).toBe(first.res.headers.get("etag"));
    expect(second.res.headers.get("cache-control")).toBe(METADATA_CONTROL);
  });

  test("404 envelopes are cacheable where upstream's cache keeps them; other errors are no-store", async () => {
    for (const path of ["/v3_0/atlases/doesnotexist", "/v3_0/no/such/route"]) {
      const { res } = await get(app, path);
      expect(res.status).toBe(404);
      expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
      expect(res.headers.get("cache-control")).toBe(METADATA_CONTROL);
    }
    // Upstream never stores `find=` answers, so their 404 envelopes are not cacheable either.
    const found = await get(app, "/v3_0/regions?parcellation_id=doesnotexist&find=hoc1");
    expect(found.res.status).toBe(404);
    expect([found.res.headers.get("cache-control"), found.res.headers.get("etag")]).toEqual(["no-store", null]);
    const invalid = await get(app, "/v3_0/atlases?size=101");
    expect(invalid.res.status).toBe(422);
    expect(invalid.res.headers.get("cache-control")).toBe("no-store");
    expect(invalid.res.headers.get("etag")).toBeNull();
  });

  test("service documents are metadata without Vary (their answer never depends on Accept)", async () => {
    for (const path of ["/v3_0/openapi.json", "/about"]) {
      const { res } = await get(app, path);
      expect(res.headers.get("cache-control")).toBe(METADATA_CONTROL);
      expect(res.headers.get("etag")).not.toBeNull();
      expect(res.headers.get("vary")).toBeNull();
    }
  });

  test("uncacheable answers never get a shared-cache header", async () => {
    const LIVE = "private, max-age=0";
    const cases: [string, Record<string, string>, string][] = [
      ["/ready", {}, "no-store"],
      ["/metrics", {}, "no-store"],
      ["/v3_0/atlases", { authorization: "Bearer x" }, "no-store"],
      [`/v3_0/atlas_download?space_id=${MNI152}&parcellation_id=${JBA31}`, {}, "no-store"],
      ["/v3_0/atlas_download/some-task-id", {}, "no-store"],
      // Any bbox= query is live (here an extra parameter the route ignores: the answer is a 200).
      [`/v3_0/regions?parcellation_id=${JBA31}&bbox=${encodeURIComponent("[[0,0,0],[1,1,1]]")}`, {}, LIVE],
      [`/v3_0/regions/${encodeURIComponent("hoc1 left")}/features?parcellation_id=${JBA31}`, {}, LIVE],
      [`/v3_0/feature/Image?space_id=${MNI152}&bbox=${encodeURIComponent("[[0,0,0],[1,1,1]]")}`, {}, LIVE],
      [`/v3_0/feature/GeneExpressions?parcellation_id=${JBA31}&region_id=hoc1&gene=MAOA`, {}, LIVE],
      [`/v3_0/feature/EbrainsDataFeature?parcellation_id=${JBA31}&region_id=hoc1`, {}, LIVE],
    ];
    for (const [path, headers, control] of cases) {
      const { res } = await get(app, path, headers);
      // Live routes not served yet answer an error envelope, which is no-store like every error.
      const cacheableStatus = res.status === 200 || res.status === 404;
      const want = control === LIVE && !cacheableStatus ? "no-store" : control;
      expect({ path, control: res.headers.get("cache-control") }).toEqual({ path, control: want });
      expect({ path, etag: res.headers.get("etag") }).toEqual({ path, etag: null });
    }
  });

  test("code snippets have their own ETag, and JSON and snippet answers say they vary on Accept", async () => {
    const path = "/v3_0/atlases/juelich/iav/atlas/v1.0.0/1";
    const json = await get(app, path);
    const snippet = await get(app, path, { accept: "text/x-sapi-python" });
    expect(snippet.res.headers.get("content-type")).toStartWith("text/plain");
    expect(snippet.res.headers.get("vary")).toBe("Accept");
    expect(snippet.res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(snippet.res.headers.get("etag")).not.toBe(json.res.headers.get("etag"));
  });
});

describe("conditional requests", async () => {
  const { app, services, counter } = await countingApp({ SIIBRA_API_CACHE: "none" });

  test("a repeat with If-None-Match gets 304 without running the job", async () => {
    for (const path of METADATA_PATHS) {
      const first = await get(app, path);
      const etag = first.res.headers.get("etag") ?? "";
      const runs = counter.runs;
      const repeat = await get(app, path, { "if-none-match": etag });
      expect({ path, status: repeat.res.status }).toEqual({ path, status: 304 });
      expect(repeat.body).toBe("");
      expect(counter.runs).toBe(runs);
      expect(repeat.res.headers.get("etag")).toBe(etag);
      expect(repeat.res.headers.get("cache-control")).toBe(METADATA_CONTROL);
      expect(repeat.res.headers.get("vary")).toBe("Accept");
      expect(repeat.res.headers.get("x-siibra-api-version")).toBe("0.3.35");
      expect(repeat.res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect(services.metrics.render()).toContain(
      `siibra_cache_requests_total{result="not_modified"} ${METADATA_PATHS.length}`,
    );
  }, 30_000);

  test("weak and listed validators match; other ETags, `*` and bypass headers run the job", async () => {
    const path = "/v3_0/parcellations?size=3";
    const etag = (await get(app, path)).res.headers.get("etag") ?? "";
    expect((await get(app, path, { "if-none-match": `"other", W/${etag}` })).res.status).toBe(304);
    const variants: Record<string, string>[] = [
      { "if-none-match": '"0123456789abcdef0123456789abcdef"' },
      { "if-none-match": "*" },
      { "if-none-match": etag, "x-bypass-fastapi-cache": "1" },
      { "if-none-match": etag, "cache-control": "no-cache" },
    ];
    for (const headers of variants) {
      const runs = counter.runs;
      const res = (await get(app, path, headers)).res;
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe(etag);
      expect(counter.runs).toBe(runs + 1);
    }
  });

  test("a JSON validator does not validate the snippet answer", async () => {
    const path = "/v3_0/spaces";
    const etag = (await get(app, path)).res.headers.get("etag") ?? "";
    const snippet = await get(app, path, { accept: "text/x-sapi-python", "if-none-match": etag });
    expect(snippet.res.status).toBe(200);
    expect(snippet.body).toContain("kwargs=");
  });

  test("404 envelopes revalidate too; live and uncacheable routes never answer 304", async () => {
    const missing = "/v3_0/atlases/doesnotexist";
    const etag = (await get(app, missing)).res.headers.get("etag") ?? "";
    expect((await get(app, missing, { "if-none-match": etag })).res.status).toBe(304);
    const ready = await get(app, "/ready", { "if-none-match": etag });
    expect(ready.res.status).toBe(200);
  });
});

describe("configuration", () => {
  test("SIIBRA_API_HTTP_CACHE=off: no caching headers and no 304 (upstream's headers)", async () => {
    const on = await countingApp();
    const off = await countingApp({ SIIBRA_API_HTTP_CACHE: "off" });
    const etag = (await get(on.app, "/v3_0/atlases")).res.headers.get("etag") ?? "";
    const res = (await get(off.app, "/v3_0/atlases", { "if-none-match": etag })).res;
    expect(res.status).toBe(200);
    for (const h of ["etag", "cache-control", "vary"]) expect(res.headers.get(h)).toBeNull();
    expect((await get(off.app, "/ready")).res.headers.get("cache-control")).toBeNull();
  });

  test("max-ages per class and stale-while-revalidate come from the environment", async () => {
    const { app } = await countingApp({
      SIIBRA_API_MAX_AGE_METADATA: "60",
      SIIBRA_API_MAX_AGE_LIVE: "30",
      SIIBRA_API_STALE_WHILE_REVALIDATE: "0",
    });
    expect((await get(app, "/v3_0/atlases")).res.headers.get("cache-control")).toBe("public, max-age=60");
    const live = await get(app, `/v3_0/regions?parcellation_id=${JBA31}&bbox=x`);
    expect(live.res.status).toBe(200);
    expect(live.res.headers.get("cache-control")).toBe("private, max-age=30");
  });

  test("a configuration change changes the ETags (and a remap change too)", async () => {
    const scratch = await mkdtemp(join(tmpdir(), "siibra-edge-etag-"));
    try {
      await cp(CONFIG_DIR, scratch, { recursive: true });
      // Rename one atlas: a real edit of one configuration file.
      const atlasDir = join(scratch, "atlases");
      const file = join(atlasDir, (await readdir(atlasDir)).sort()[0]);
      const atlas = JSON.parse(await readFile(file, "utf8")) as { name: string };
      await writeFile(file, JSON.stringify({ ...atlas, name: `${atlas.name} (edited)` }));
      const edited = await loadConfigDir(scratch, VOCAB_DIR);

      const paths = ["/v3_0/atlases", "/v3_0/spaces", "/v3_0/atlases/doesnotexist"];
      const tags = async (app: Awaited<ReturnType<typeof countingApp>>["app"]) =>
        Promise.all(paths.map(async (p) => (await get(app, p)).res.headers.get("etag")));
      const base = await tags((await countingApp()).app);
      const again = await tags((await countingApp()).app);
      const changed = await tags((await countingApp({}, edited)).app);
      const remapped = await tags(
        (await countingApp({ SIIBRA_API_REMAP_PROVIDERS: "https://a.example::https://b.example" })).app,
      );
      expect(again).toEqual(base);
      for (let i = 0; i < paths.length; i++) {
        expect(changed[i]).not.toBe(base[i]);
        expect(remapped[i]).not.toBe(base[i]);
      }
      // An old validator is not accepted by the new configuration: the client gets the new body.
      const { app, counter } = await countingApp({}, edited);
      const res = await get(app, "/v3_0/atlases", { "if-none-match": base[0] ?? "" });
      expect(res.res.status).toBe(200);
      expect(res.body).toContain(`${"(edited)"}`);
      expect(counter.runs).toBe(1);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 30_000);
});

/**
 * The Worker under workerd (`wrangler dev`, offline) must answer exactly like the Bun app in process:
 * status, body bytes and the cross-cutting headers. Catches Worker-only breakage: the bundled
 * configuration, lazy parsing, nodejs_compat (md5), runtime differences in Response handling.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../../src/app.ts";
import { ROOT } from "../../scripts/build-worker-config.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { offlineApp, offlineVars, snapshot } from "../_support/offline-app.ts";
import { closedPort, freePort, killGroup, start, waitForReady } from "../../dev/process.ts";
import type { Started } from "../../dev/process.ts";
import { ensureWorkerBuild } from "../_support/worker-build.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const MNI152 = encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");

const PATHS = [
  "/v3_0/atlases",
  "/v3_0/atlases/juelich%2Fiav%2Fatlas%2Fv1.0.0%2F1",
  `/v3_0/regions?parcellation_id=${JBA31}&page=2`,
  `/v3_0/regions/Area%2044%20(IFG)?parcellation_id=${JBA31}`,
  `/v3_0/map?parcellation_id=${JBA31}&space_id=${MNI152}&map_type=LABELLED`,
  "/v3_0/feature/_types",
  "/v3_0/vocabularies/genes?find=GABA",
  "/v3_0/atlases/doesnotexist",
  "/v3_0/atlases?size=101",
];

/** Dotenv line; double quotes so `\n` separates the remap rules (wrangler parses with dotenv). */
function envLine(key: string, value: string): string {
  return `${key}=${JSON.stringify(value)}`;
}

let worker: Started | undefined;
let base = "";
let app: App;
let scratch = "";

beforeAll(async () => {
  const [port, dead] = await Promise.all([freePort(), closedPort()]);
  const vars = offlineVars(dead);
  [app] = await Promise.all([offlineApp(vars), ensureWorkerBuild(CONFIG_DIR, VOCAB_DIR)]);

  scratch = mkdtempSync(join(tmpdir(), "siibra-edge-wrangler-"));
  // An explicit env file replaces .dev.vars/.env, so a developer's local secrets cannot leak in.
  const envFile = join(scratch, "e2e.env");
  writeFileSync(
    envFile,
    `${Object.entries(vars)
      .map(([k, v]) => envLine(k, v))
      .join("\n")}\n`,
  );
  worker = start(
    "node",
    [
      "node_modules/wrangler/bin/wrangler.js",
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      "0",
      "--env-file",
      envFile,
      "--persist-to",
      join(scratch, "state"),
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        // No telemetry, no prompts, no writes to the user's ~/.config (wrangler keeps its settings and logs there).
        WRANGLER_SEND_METRICS: "false",
        CI: "true",
        XDG_CONFIG_HOME: join(scratch, "config"),
        WRANGLER_LOG_PATH: join(scratch, "logs"),
      },
    },
  );
  base = `http://127.0.0.1:${port}`;
  await waitForReady(`${base}/ready`, worker, 60_000);
}, 90_000);

afterAll(async () => {
  if (worker) await killGroup(worker);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("wrangler dev serves what the Bun app serves", () => {
  for (const path of PATHS) {
    test(path, async () => {
      const [remote, local] = await Promise.all([
        fetch(`${base}${path}`).then(snapshot),
        Promise.resolve(app.request(path)).then(snapshot),
      ]);
      expect(remote).toEqual(local);
    });
  }

  test("error statuses are the envelope ones", async () => {
    const [notFound, invalid] = await Promise.all([
      fetch(`${base}/v3_0/atlases/doesnotexist`),
      fetch(`${base}/v3_0/atlases?size=101`),
    ]);
    await Promise.all([notFound.arrayBuffer(), invalid.arrayBuffer()]);
    expect([notFound.status, invalid.status]).toEqual([404, 422]);
  });
});

/** Sum of the Worker's request counter: a request answered from `caches.default` never reaches the app. */
async function appRequests(): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return [...text.matchAll(/^siibra_http_requests_total\{.*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe("HTTP caching under workerd", () => {
  test("a repeat with If-None-Match gets 304 with the validators and no body", async () => {
    const path = "/v3_0/spaces?size=2&page=2";
    const first = await fetch(`${base}${path}`);
    await first.arrayBuffer();
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const repeat = await fetch(`${base}${path}`, { headers: { "if-none-match": etag } });
    expect(repeat.status).toBe(304);
    expect(await repeat.text()).toBe("");
    expect(repeat.headers.get("etag")).toBe(etag);
    expect(repeat.headers.get("cache-control")).toStartWith("public, max-age=");
    expect(repeat.headers.get("x-siibra-api-version")).toBe("0.3.35-e2e");
  });

  test("caches.default answers a repeat without running the app; bypass headers refresh it", async () => {
    const path = "/v3_0/feature/_types?size=5";
    const before = await appRequests();
    const first = await fetch(`${base}${path}`);
    const firstBody = await first.text();
    const second = await fetch(`${base}${path}`);
    const secondBody = await second.text();
    // The first request and the first /metrics read reached the app; the repeat did not.
    expect((await appRequests()) - before).toBe(2);
    expect(second.status).toBe(200);
    expect(secondBody).toBe(firstBody);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(second.headers.get("access-control-allow-origin")).toBe("*");

    const bypassed = await fetch(`${base}${path}`, { headers: { "x-bypass-fastapi-cache": "1" } });
    expect(await bypassed.text()).toBe(firstBody);
    expect((await appRequests()) - before).toBe(4);
  });

  test("a partial answer (knowledge graph unreachable: ids-only datasets) is never kept by caches.default", async () => {
    const path = `/v3_0/parcellations/${JBA31}`;
    const before = await appRequests();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("etag")).toBeNull();
      expect(res.headers.get("x-fastapi-cache")).toBeNull();
      await res.arrayBuffer();
    }
    // Both requests and the first /metrics read reached the app.
    expect((await appRequests()) - before).toBe(3);
  });

  test("no-store answers are never served from caches.default", async () => {
    const before = await appRequests();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/ready`);
      expect(res.headers.get("cache-control")).toBe("no-store");
      await res.arrayBuffer();
    }
    expect((await appRequests()) - before).toBe(3);
  });
});

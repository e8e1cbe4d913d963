/**
 * The Bun entry as a real process: environment parsing, configuration loading and `Bun.serve` wiring,
 * which in-process `app.request` tests never run.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App } from "../../src/app.ts";
import { ROOT } from "../../scripts/build-worker-config.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { offlineApp, offlineVars } from "../_support/offline-app.ts";
import { closedPort, freePort, killGroup, start, waitForReady } from "../../dev/process.ts";
import type { Started } from "../../dev/process.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");

const PATHS = [
  "/v3_0/atlases",
  "/v3_0/spaces?size=3",
  `/v3_0/regions/Area%2044%20(IFG)?parcellation_id=${JBA31}`,
  "/v3_0/vocabularies/genes?find=GABA",
  "/v3_0/atlases/doesnotexist",
];

/** Child environment: ours minus anything that would redirect the configuration, the port or the address. */
function childEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const { SIIBRA_USE_CONFIGURATION: _c, SIIBRA_USE_VOCABULARIES: _v, PORT: _p, HOST: _h, ...rest } = process.env;
  return { ...rest, ...extra };
}

const BUN = join(ROOT, "node_modules/.bin/bun");

let server: Started | undefined;
let base = "";
let app: App;
let vars: Record<string, string>;

/** Whether anything answers at `url` (a refused connection is `false`). */
async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  const [port, dead] = await Promise.all([freePort(), closedPort()]);
  vars = offlineVars(dead);
  app = await offlineApp(vars);
  // --no-env-file: a developer's .env must not change what is tested.
  server = start(BUN, ["--no-env-file", "src/index.ts"], {
    cwd: ROOT,
    env: childEnv({
      ...vars,
      PORT: String(port),
      SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
      SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
    }),
  });
  base = `http://127.0.0.1:${port}`;
  await waitForReady(`${base}/ready`, server, 30_000);
}, 45_000);

afterAll(async () => {
  if (server) await killGroup(server);
});

describe("bun src/index.ts", () => {
  for (const path of PATHS) {
    test(path, async () => {
      const [remote, local] = await Promise.all([fetch(`${base}${path}`), app.request(path)]);
      expect(remote.status).toBe(local.status);
      expect(remote.headers.get("x-siibra-api-version")).toBe("0.3.35-e2e");
      expect(await remote.json()).toEqual(await local.json());
    });
  }

  test("HOST=127.0.0.1 listens on that address only; without HOST every interface answers", async () => {
    // 127.0.0.2 is loopback too (Linux routes all of 127/8 to lo), but a socket bound to 127.0.0.1 does not
    // accept there, while one bound to every interface does: the server of the other tests shows the probe works.
    const port = await freePort();
    const proc = start(BUN, ["--no-env-file", "src/index.ts"], {
      cwd: ROOT,
      env: childEnv({
        ...vars,
        SIIBRA_API_WARMUP: "off",
        HOST: "127.0.0.1",
        PORT: String(port),
        SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
        SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
      }),
    });
    try {
      await waitForReady(`http://127.0.0.1:${port}/ready`, proc, 30_000);
      expect(await answers(`http://127.0.0.2:${port}/ready`)).toBe(false);
      expect(await answers(`${base.replace("127.0.0.1", "127.0.0.2")}/ready`)).toBe(true);
    } finally {
      await killGroup(proc);
    }
  }, 45_000);

  test("refuses a directory that is not a configuration, in one line", async () => {
    const empty = mkdtempSync(join(tmpdir(), "siibra-edge-noconfig-"));
    try {
      const proc = start(BUN, ["--no-env-file", "src/index.ts"], {
        cwd: ROOT,
        env: childEnv({ SIIBRA_API_LOG: "silent", PORT: String(await freePort()), SIIBRA_USE_CONFIGURATION: empty }),
      });
      const code = await Promise.race([proc.exited, Bun.sleep(15_000).then(() => "timeout" as const)]);
      if (code === "timeout") await killGroup(proc);
      expect(code).toBe(1);
      const lines = proc.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("is not a siibra configuration");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("refuses an invalid role or HOST, or a role without its credentials, in one line naming the variable", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ SIIBRA_API_ROLE: "primary" }, "SIIBRA_API_ROLE"],
      [{ HOST: "http://127.0.0.1" }, "HOST"],
      [
        {
          SIIBRA_API_ROLE: "server",
          UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9",
          UPSTASH_REDIS_REST_TOKEN: "t",
          SIIBRA_API_WORKER_URL: "http://127.0.0.1:9",
        },
        "QSTASH_TOKEN",
      ],
      [
        { SIIBRA_API_ROLE: "worker", UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9", UPSTASH_REDIS_REST_TOKEN: "t" },
        "QSTASH_CURRENT_SIGNING_KEY",
      ],
    ];
    for (const [extra, variable] of cases) {
      const proc = start(BUN, ["--no-env-file", "src/index.ts"], {
        cwd: ROOT,
        env: childEnv({ SIIBRA_API_LOG: "silent", PORT: String(await freePort()), ...extra }),
      });
      const code = await Promise.race([proc.exited, Bun.sleep(15_000).then(() => "timeout" as const)]);
      if (code === "timeout") await killGroup(proc);
      expect(code).toBe(1);
      const lines = proc.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
    }
  });
});

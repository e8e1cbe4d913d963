/**
 * Two workers racing one message (docs/operations.md#reliability): QStash delivers at least once, so the same
 * signed message can reach two workers at the same moment. Real processes: the server publishes through the
 * local QStash to a fan-out proxy that delivers every message to both workers concurrently, each copy signed
 * for its worker (as QStash would sign a redelivery). Expected: each client gets the one correct answer, one
 * outcome is stored per job, and each job runs exactly once in total — "duplicated" is observed as the sum of
 * `siibra_jobs_total` (one increment per job run) over both workers' /metrics.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { startStack } from "../../dev/stack/stack.ts";
import { DEV_CURRENT_SIGNING_KEY, signJwt } from "../../dev/qstash/index.ts";
import { freePort, killGroup, start, waitForReady } from "../../dev/process.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import type { Stack } from "../../dev/stack/stack.ts";
import type { Started } from "../../dev/process.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_CACHE: "none",
  SIIBRA_API_REMAP_PROVIDERS:
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
};
/** Distinct jobs (region list pages of different sizes). */
const PATHS = Array.from(
  { length: 10 },
  (_, i) => `/v3_0/regions?parcellation_id=${JBA31}&page=${i + 1}&size=${7 + i}`,
);

type FanOut = { url: string; targets: string[]; copies: number; stop(): void };

/** Delivers each QStash message to every target at once; 200 to QStash only when every copy answered 2xx. */
function fanOut(): FanOut {
  const state: FanOut = { url: "", targets: [], copies: 0, stop: () => server.stop(true) };
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const body = await req.text();
      const now = Math.floor(Date.now() / 1000);
      const signed = await Promise.all(
        state.targets.map(async (t) => ({
          url: t + path,
          signature: await signJwt(DEV_CURRENT_SIGNING_KEY, { sub: t + path, body }, now),
        })),
      );
      state.copies += signed.length;
      const statuses = await Promise.all(
        signed.map(async ({ url, signature }) => {
          const res = await fetch(url, {
            method: "POST",
            body,
            headers: {
              "content-type": "application/json",
              "upstash-signature": signature,
              "upstash-retried": req.headers.get("upstash-retried") ?? "0",
            },
          });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      const ok = statuses.every((s) => s >= 200 && s < 300);
      return new Response(JSON.stringify({ statuses }), { status: ok ? 200 : 503 });
    },
  });
  state.url = `http://127.0.0.1:${server.port}`;
  return state;
}

const jobsRun = async (workerUrl: string) => {
  const metrics = await (await fetch(`${workerUrl}/metrics`)).text();
  return [...metrics.matchAll(/^siibra_jobs_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
};

let stack: Stack;
let proxy: FanOut;
let allInOne: Started;
let allUrl: string;

beforeAll(async () => {
  proxy = fanOut();
  const port = await freePort();
  allUrl = `http://127.0.0.1:${port}`;
  allInOne = start(process.execPath, ["--no-env-file", "src/index.ts"], {
    cwd: `${import.meta.dir}/../..`,
    env: { ...process.env, ...ENV, PORT: String(port), SIIBRA_API_WARMUP: "off" },
  });
  [stack] = await Promise.all([
    startStack({
      workers: 2,
      env: ENV,
      publishTo: [proxy.url],
      // Both copies sit inside the job for 200 ms: the window in which a second run could start.
      workerEnv: { SIIBRA_API_WORKER_DELAY_MS: "200" },
    }),
    waitForReady(`${allUrl}/ready`, allInOne, 30_000),
  ]);
  proxy.targets = stack.workerUrls;
}, 60_000);

afterAll(async () => {
  proxy?.stop();
  await Promise.all([stack?.stop(), allInOne && killGroup(allInOne)]);
});

describe("the same message delivered to two workers at once", () => {
  test("each job runs once, one outcome is stored, every client gets the correct answer", async () => {
    const runsBefore = (await jobsRun(stack.workerUrls[0])) + (await jobsRun(stack.workerUrls[1]));
    const answers = await Promise.all(
      PATHS.map(async (path) => {
        const res = await fetch(stack.serverUrl + path);
        return { path, status: res.status, body: await res.text() };
      }),
    );
    const expected = await Promise.all(PATHS.map(async (path) => (await fetch(allUrl + path)).text()));
    for (const [i, a] of answers.entries()) {
      expect({ path: a.path, status: a.status }).toEqual({ path: PATHS[i], status: 200 });
      expect(a.body).toBe(expected[i]);
    }
    await stack.qstash.waitForIdle(15_000);
    // Every message really reached both workers…
    expect(proxy.copies).toBeGreaterThanOrEqual(2 * PATHS.length);
    // …yet each job ran once (a second run would count on the other worker), and none failed in QStash.
    const runs = (await jobsRun(stack.workerUrls[0])) + (await jobsRun(stack.workerUrls[1])) - runsBefore;
    expect(runs).toBe(PATHS.length);
    expect(stack.qstash.stats()).toMatchObject({ published: PATHS.length, failed: 0 });
    // One stored outcome per job.
    const redis = new RedisClient(stack.redis.url);
    try {
      const keys = (await redis.send("KEYS", ["siibra-edge:outcome:*"])) as string[];
      expect(keys.length).toBe(PATHS.length);
      // Claims are given back once the outcome is stored (they would otherwise linger until they expire).
      expect(((await redis.send("KEYS", ["siibra-edge:claim:*"])) as string[]).length).toBe(0);
    } finally {
      redis.close();
    }
  }, 30_000);
});

/**
 * The server restarted while a client waits for a job (docs/operations.md#reliability), with real processes
 * (server, local QStash, a worker, Redis). The job keeps running on the worker while the server restarts: the
 * waiting client gets the answer (job done within the drain) or a clean 503 + Retry-After (never a reset),
 * and its retry against the new server gets the stored outcome — the job is neither lost nor run again
 * (worker's `siibra_jobs_total`) nor published again (local QStash counters).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR, testApp } from "../_support/app.ts";
import type { Stack } from "../../dev/stack/stack.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "silent",
  // The retry must be answered from the job outcome, not from a response cached on the way.
  SIIBRA_API_CACHE: "none",
  SIIBRA_API_REMAP_PROVIDERS:
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
};
/** Every job sits 2.5 s in the worker: the window in which the server restarts (~1 s). */
const JOB_MS = 2_500;
/** The server's drain after the first test: shorter than a job. */
const SHORT_GRACE = { SIIBRA_API_SHUTDOWN_GRACE_MS: "300" };

let stack: Stack;
let reference: Awaited<ReturnType<typeof testApp>>["app"];

beforeAll(async () => {
  [stack, { app: reference }] = await Promise.all([
    startStack({
      workers: 1,
      env: ENV,
      serverEnv: { SIIBRA_API_SHUTDOWN_GRACE_MS: "4000" },
      workerEnv: { SIIBRA_API_WORKER_DELAY_MS: String(JOB_MS) },
    }),
    testApp(),
  ]);
}, 60_000);

afterAll(async () => stack?.stop());

const jobsRun = async () => {
  const metrics = await (await fetch(`${stack.workerUrls[0]}/metrics`)).text();
  return [...metrics.matchAll(/^siibra_jobs_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
};

/** A request that reports a connection failure (reset, refused) as such instead of throwing. */
const get = (path: string) =>
  fetch(stack.serverUrl + path).then(
    async (res) => ({ status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text() }),
    (err: unknown) => ({ status: 0, retryAfter: null, body: String(err) }),
  );

/** Job outcomes stored in the stack's Redis. */
async function outcomes(): Promise<number> {
  const redis = new RedisClient(stack.redis.url);
  try {
    return ((await redis.send("KEYS", ["siibra-edge:outcome:*"])) as string[]).length;
  } finally {
    redis.close();
  }
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(20);
  }
}

describe("the server restarted while a client waits for a job", () => {
  test("within the grace period the waiting client gets the answer from the draining server", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=4`;
    const [runs, published] = [await jobsRun(), stack.qstash.stats().published];
    const pending = get(path);
    await until(() => stack.qstash.stats().attempts > 0, 10_000); // the worker has the job
    const exited = stack.terminateServer();
    const res = await pending;
    expect(await exited).toBe(0);
    expect(res.status).toBe(200);
    expect(res.body).toBe(await (await reference.request(path)).text());
    await stack.restartServer(SHORT_GRACE);
    expect(await jobsRun()).toBe(runs + 1);
    expect(stack.qstash.stats().published).toBe(published + 1);
  }, 30_000);

  test("past the grace period: 503 + Retry-After, then the retry gets the stored outcome, not a second run", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=5`;
    const [runs, before] = [await jobsRun(), stack.qstash.stats()];
    const pending = get(path);
    await until(() => stack.qstash.stats().attempts > before.attempts, 10_000);
    const exited = stack.terminateServer(); // grace 300 ms, the job needs 2.5 s
    const first = await pending;
    expect(await exited).toBe(0);
    expect(first).toMatchObject({ status: 503, retryAfter: "1" });
    await stack.restartServer(SHORT_GRACE);
    // The worker finished the job while no server was listening.
    await stack.qstash.waitForIdle(10_000);
    const retry = await get(path);
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(await (await reference.request(path)).text());
    expect(await jobsRun()).toBe(runs + 1);
    const after = stack.qstash.stats();
    // Answered from the outcome store: nothing published again, nothing failed.
    expect(after.published - before.published).toBe(1);
    expect(after.deduplicated - before.deduplicated).toBe(0);
    expect(after.failed).toBe(0);
  }, 30_000);

  test("a retry while the job still runs waits for that run instead of starting another", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=6`;
    const [runs, stored, before] = [await jobsRun(), await outcomes(), stack.qstash.stats()];
    const pending = get(path);
    await until(() => stack.qstash.stats().attempts > before.attempts, 10_000);
    const exited = stack.terminateServer();
    expect((await pending).status).toBe(503);
    expect(await exited).toBe(0);
    await stack.restartServer(SHORT_GRACE);
    expect(await outcomes()).toBe(stored); // still running on the worker
    const retry = await get(path);
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(await (await reference.request(path)).text());
    await stack.qstash.waitForIdle(10_000);
    expect(await jobsRun()).toBe(runs + 1);
    expect(await outcomes()).toBe(stored + 1);
    // The retry's publish carried the same deduplication id (or, across a minute boundary, a new message
    // found the job claimed and waited for its outcome): nothing failed either way.
    expect(stack.qstash.stats().failed).toBe(0);
  }, 30_000);
});

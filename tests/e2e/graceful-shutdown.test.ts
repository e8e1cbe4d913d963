/**
 * Graceful shutdown of the Bun entry (docs/operations.md#reliability), with real processes: on SIGTERM the server stops
 * accepting connections, finishes the requests in flight, answers 503 + Retry-After (not a reset) to
 * those still running at the end of the grace period, and exits 0; a worker stopped mid-job lets
 * QStash redeliver the job, which then completes exactly once.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ROOT } from "../../scripts/build-worker-config.ts";
import { freePort, killGroup, start, waitForReady } from "../../dev/process.ts";
import type { Started } from "../../dev/process.ts";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
/** Its dataset lookups go to the knowledge-graph hosts, which the tests point at a slow local host. */
const KG_PATH = `/v3_0/parcellations/${JBA31}`;

type SlowHost = { origin: string; hits: () => number; stop: () => void };

/** A knowledge-graph stand-in that answers 404 after `delayMs` (the service then falls back to ids only). */
function slowHost(delayMs: number): SlowHost {
  let hits = 0;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch() {
      hits++;
      await Bun.sleep(delayMs);
      return new Response("not found", { status: 404 });
    },
  });
  return { origin: `http://127.0.0.1:${server.port}`, hits: () => hits, stop: () => server.stop(true) };
}

const childEnv = (extra: Record<string, string>) => {
  const { SIIBRA_USE_CONFIGURATION: _c, SIIBRA_USE_VOCABULARIES: _v, PORT: _p, ...rest } = process.env;
  return {
    ...rest,
    SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
    SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
    SIIBRA_API_LOG: "warn",
    SIIBRA_API_WARMUP: "off",
    ...extra,
  };
};

const kgRemap = (origin: string) =>
  [
    `https://data-proxy.ebrains.eu/api/v1/buckets/reference-atlas-data/ebrainsquery/::${origin}/kg/`,
    `https://jugit.fz-juelich.de/api/v4/projects/7846/::${origin}/jugit/`,
  ].join("\n");

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function serve(extra: Record<string, string>): Promise<{ proc: Started; base: string }> {
  const port = await freePort();
  const proc = start(process.execPath, ["--no-env-file", "src/index.ts"], {
    cwd: ROOT,
    env: childEnv({ ...extra, PORT: String(port) }),
  });
  cleanup.push(() => killGroup(proc, 0));
  const base = `http://127.0.0.1:${port}`;
  await waitForReady(`${base}/ready`, proc, 30_000);
  return { proc, base };
}

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(20);
  }
}

const refused = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    (res) => `answered ${res.status}`,
    () => "refused",
  );

describe("SIGTERM on the Bun entry", () => {
  test("an in-flight request finishes after SIGTERM; new connections are refused; exit 0", async () => {
    const host = slowHost(1_500);
    cleanup.push(host.stop);
    const { proc, base } = await serve({
      SIIBRA_API_REMAP_PROVIDERS: kgRemap(host.origin),
      SIIBRA_API_KG_TIMEOUT_MS: "10000",
      SIIBRA_API_SHUTDOWN_GRACE_MS: "10000",
    });
    const t0 = performance.now();
    const pending = fetch(`${base}${KG_PATH}`).then(async (res) => ({ status: res.status, body: await res.json() }));
    await until(() => host.hits() > 0, 10_000); // the request is inside the service, waiting on the host
    proc.child.kill("SIGTERM");
    await Bun.sleep(200);
    expect(await refused(`${base}/ready`)).toBe("refused");
    const res = await pending;
    expect(res.status).toBe(200);
    expect((res.body as { "@id": string })["@id"]).toBe(decodeURIComponent(JBA31));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1_500);
    expect(await proc.exited).toBe(0);
  }, 60_000);

  test("the grace period bounds the drain: a request still running gets 503 + Retry-After, not a reset", async () => {
    const host = slowHost(60_000);
    cleanup.push(host.stop);
    const { proc, base } = await serve({
      SIIBRA_API_REMAP_PROVIDERS: kgRemap(host.origin),
      SIIBRA_API_KG_TIMEOUT_MS: "60000",
      SIIBRA_API_SHUTDOWN_GRACE_MS: "800",
    });
    const pending = fetch(`${base}${KG_PATH}`).then(async (res) => ({
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: (await res.json()) as { status_code: number },
    }));
    await until(() => host.hits() > 0, 10_000);
    const t0 = performance.now();
    proc.child.kill("SIGTERM");
    const res = await pending;
    expect(res).toMatchObject({ status: 503, retryAfter: "1", body: { status_code: 503 } });
    expect(await proc.exited).toBe(0);
    // Grace (0.8 s) plus the exit itself; far below the host's 60 s.
    expect(performance.now() - t0).toBeLessThan(5_000);
  }, 60_000);
});

describe("SIGTERM on a worker in the middle of a job", () => {
  test("QStash redelivers the job and the client gets the one correct answer", async () => {
    const env = {
      SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
      SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
      SIIBRA_API_LOG: "silent",
      // Enough redeliveries (0.3 s, 0.6 s, …) to span the worker's restart on a loaded machine.
      SIIBRA_API_JOB_RETRIES: "8",
      SIIBRA_API_REMAP_PROVIDERS:
        "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
    };
    const stack = await startStack({
      workers: 1,
      env,
      workerEnv: { SIIBRA_API_WORKER_DELAY_MS: "3000", SIIBRA_API_SHUTDOWN_GRACE_MS: "500" },
    });
    cleanup.push(() => stack.stop());
    const path = `/v3_0/regions/${encodeURIComponent("Area 44 (IFG)")}?parcellation_id=${JBA31}`;
    const pending = fetch(stack.serverUrl + path).then(async (r) => ({ status: r.status, body: await r.json() }));
    await until(() => stack.qstash.stats().attempts > 0, 10_000);
    await Bun.sleep(300); // the worker has the job and is inside it
    const t0 = performance.now();
    const exitCode = await stack.terminateWorker(0);
    expect(exitCode).toBe(0);
    expect(performance.now() - t0).toBeLessThan(3_000); // it did not wait for the 3 s job
    await stack.restartWorker(0, { SIIBRA_API_WORKER_DELAY_MS: "0" });
    const res = await pending;
    expect(res.status).toBe(200);
    expect((res.body as { name: string }).name).toBe("Area 44 (IFG)");
    const stats = stack.qstash.stats();
    expect(stats.attempts).toBeGreaterThanOrEqual(2);
    expect(stats.delivered).toBe(1);
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startStack } from "../../dev/stack/stack.ts";
import { DEV_CURRENT_SIGNING_KEY } from "../../dev/qstash/index.ts";
import { freePort, killGroup, start, waitForReady } from "../../dev/process.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { signJwt } from "../../dev/qstash/index.ts";
import type { Stack } from "../../dev/stack/stack.ts";
import type { Started } from "../../dev/process.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const JBA29 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290");
const MNI152 = encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "silent",
  // The knowledge graph is unreachable here: make it fail at once, identically in every process.
  SIIBRA_API_REMAP_PROVIDERS:
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
};

/** Every core route, plus error cases (their envelopes must travel through the queue unchanged). */
const CORE_REQUESTS = [
  "/v3_0/atlases",
  "/v3_0/atlases/juelich/iav/atlas/v1.0.0/1",
  "/v3_0/spaces?size=3&page=2",
  `/v3_0/spaces/${MNI152}`,
  "/v3_0/parcellations?size=5",
  `/v3_0/parcellations/${JBA31}`,
  `/v3_0/regions?parcellation_id=${JBA31}&page=3`,
  `/v3_0/regions?parcellation_id=${JBA31}&find=hoc1`,
  `/v3_0/regions/${encodeURIComponent("Area 44 (IFG)")}?parcellation_id=${JBA31}`,
  `/v3_0/regions/${encodeURIComponent("Area PGa (IPL)")}/related?parcellation_id=${JBA29}`,
  `/v3_0/maps?parcellation_id=${JBA31}`,
  "/v3_0/maps/siibra-map-v0.0.1_mni152-jba31-labelled",
  `/v3_0/map?parcellation_id=${JBA31}&space_id=${MNI152}&map_type=LABELLED`,
  "/v3_0/feature/_types",
  `/v3_0/regions/${encodeURIComponent("Area 44 (IFG) left")}/features?parcellation_id=${JBA31}`,
  "/v3_0/feature/not-a-feature-id",
  `/v3_0/feature/Tabular/not-a-feature-id?parcellation_id=${JBA31}&region_id=${encodeURIComponent("Area 44 (IFG) left")}`,
  "/v3_0/feature/not-a-feature-id/plotly",
  "/v3_0/vocabularies/genes?find=GABA",
  "/v3_0/feature/Image?space_id=marmoset&type=CellBodyStainedVolumeOfInterest",
  `/v3_0/feature/Image/${encodeURIComponent("nencki/nm/CJ1741_CB_density_map_in_nm_space/v1")}?space_id=marmoset`,
  "/v3_0/feature/Image?space_id=bigbrain&type=MRIVolumeOfInterest",
  `/v3_0/feature/GeneExpressions?parcellation_id=${JBA31}&region_id=${encodeURIComponent("Area 44 (IFG)")}&gene=NOPE`,
  "/v3_0/atlases/doesnotexist",
  "/v3_0/maps/doesnotexist",
  `/v3_0/regions/${encodeURIComponent("1")}?parcellation_id=${JBA31}`,
  "/v3_0/atlases?size=101",
];

let stack: Stack;
let allInOne: Started;
let allUrl: string;

beforeAll(async () => {
  const port = await freePort();
  allUrl = `http://127.0.0.1:${port}`;
  allInOne = start(process.execPath, ["--no-env-file", "src/index.ts"], {
    cwd: `${import.meta.dir}/../..`,
    env: { ...process.env, ...ENV, PORT: String(port), SIIBRA_API_CACHE: "none" },
  });
  [stack] = await Promise.all([
    startStack({ workers: 2, env: ENV }),
    waitForReady(`${allUrl}/ready`, allInOne, 30_000),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stack?.stop(), allInOne && killGroup(allInOne)]);
});

const text = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
};

const jobsRun = async (workerUrl: string) => {
  const metrics = await (await fetch(`${workerUrl}/metrics`)).text();
  return [...metrics.matchAll(/^siibra_jobs_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
};

describe("role server with two workers behind QStash and Redis", () => {
  test("every core route answers byte-identically to role all (status, body, content type)", async () => {
    for (const path of CORE_REQUESTS) {
      const [viaQueue, inline] = await Promise.all([
        text(stack.serverUrl + path, { "x-bypass-fastapi-cache": "1" }),
        text(allUrl + path),
      ]);
      expect({ path, status: viaQueue.status }).toEqual({ path, status: inline.status });
      expect(viaQueue.body).toBe(inline.body);
      expect(viaQueue.headers.get("content-type")).toBe(inline.headers.get("content-type"));
      expect(viaQueue.headers.get("x-siibra-api-version")).toBe("0.3.35");
    }
    // The work really went through the workers.
    const ran = (await jobsRun(stack.workerUrls[0])) + (await jobsRun(stack.workerUrls[1]));
    expect(ran).toBeGreaterThanOrEqual(CORE_REQUESTS.length - 1);
  }, 60_000);

  test("identical concurrent requests share one job", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=11`;
    const before = stack.qstash.stats();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => text(stack.serverUrl + path, { "x-bypass-fastapi-cache": "1" })),
    );
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const after = stack.qstash.stats();
    expect(after.published - before.published).toBe(1);
  });

  test("a cached response is served with the hit header and the same body", async () => {
    const path = `/v3_0/regions?parcellation_id=${JBA31}&page=7`;
    const first = await text(stack.serverUrl + path);
    const second = await text(stack.serverUrl + path);
    expect(first.headers.get("x-fastapi-cache")).toBeNull();
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(second.body).toBe(first.body);
    expect(second.headers.get("access-control-allow-origin")).toBe("*");
  });

  test("forged, expired, body-tampered or misaddressed signatures get 401 and run nothing", async () => {
    const worker = stack.workerUrls[0];
    const url = `${worker}/_jobs/core`;
    const body = JSON.stringify({
      id: "a".repeat(40),
      job: "atlases.list",
      queue: "core",
      payload: { page: 1, size: 50 },
      publishedAt: Date.now(),
    });
    const before = await jobsRun(worker);
    const now = Math.floor(Date.now() / 1000);
    const cases = {
      unsigned: null,
      forged: await signJwt("sig_not_the_key", { sub: url, body }, now),
      // Valid key and body, but meant for another endpoint of the same QStash account.
      otherEndpoint: await signJwt(DEV_CURRENT_SIGNING_KEY, { sub: `${stack.workerUrls[1]}/_jobs/core`, body }, now),
      expired: await signJwt(DEV_CURRENT_SIGNING_KEY, { sub: url, body }, now - 3600),
      tampered: await signJwt(
        DEV_CURRENT_SIGNING_KEY,
        { sub: url, body: body.replace("atlases.list", "spaces.list") },
        now,
      ),
    };
    for (const [name, signature] of Object.entries(cases)) {
      const res = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...(signature ? { "upstash-signature": signature } : {}) },
      });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
    }
    expect(await jobsRun(worker)).toBe(before);
    // A correctly signed message is accepted, so the 401s above are about the signatures.
    const ok = await fetch(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "upstash-signature": await signJwt(DEV_CURRENT_SIGNING_KEY, { sub: url, body }, now),
      },
    });
    expect(ok.status).toBe(200);
  });

  test("with Redis stopped, requests still succeed (uncached, jobs run in the server)", async () => {
    await stack.redis.stop();
    try {
      for (const path of [
        "/v3_0/atlases",
        `/v3_0/regions?parcellation_id=${JBA31}&page=9`,
        "/v3_0/atlases/doesnotexist",
      ]) {
        const [degraded, inline] = await Promise.all([text(stack.serverUrl + path), text(allUrl + path)]);
        expect(degraded.status).toBe(inline.status);
        expect(degraded.body).toBe(inline.body);
      }
    } finally {
      await stack.redis.start();
    }
  }, 30_000);
});

describe("the queue itself down", () => {
  test("with QStash unreachable the server answers from its own process", async () => {
    const lone = await startStack({ workers: 1, env: ENV });
    try {
      await lone.qstash.stop();
      const path = `/v3_0/regions/${encodeURIComponent("Area hOc1 (V1, 17, CalcS) left")}?parcellation_id=${JBA31}`;
      const [degraded, inline] = await Promise.all([text(lone.serverUrl + path), text(allUrl + path)]);
      expect(degraded.status).toBe(200);
      expect(degraded.body).toBe(inline.body);
    } finally {
      await lone.stop();
    }
  }, 60_000);
});

describe("a worker killed in the middle of a job", () => {
  let slow: Stack;
  beforeAll(async () => {
    // Retries spread over ~16 s (300 ms × n back-off): a restart on a loaded machine can take longer than the
    // default three retries (1.8 s) would wait.
    slow = await startStack({
      workers: 1,
      env: { ...ENV, SIIBRA_API_JOB_RETRIES: "10" },
      workerEnv: { SIIBRA_API_WORKER_DELAY_MS: "1500" },
    });
  }, 60_000);
  afterAll(async () => slow?.stop());

  test("QStash retries the delivery and the client gets the correct response", async () => {
    const path = `/v3_0/regions/${encodeURIComponent("Area 44 (IFG)")}?parcellation_id=${JBA31}`;
    const pending = text(slow.serverUrl + path);
    await Bun.sleep(700); // the worker has the job and is sleeping in it
    await slow.killWorker(0);
    await slow.restartWorker(0, { SIIBRA_API_WORKER_DELAY_MS: "0" });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toBe((await text(allUrl + path)).body);
    // The first delivery died with the worker; a retry completed the job.
    expect(slow.qstash.stats().attempts).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

/**
 * HTTP caching in role `server`: a conditional repeat is answered by the server alone — nothing is
 * published to QStash and no worker runs a job — and 200s through the queue carry the same
 * validators as role `all` would give.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { offlineApp } from "../_support/offline-app.ts";
import type { App } from "../../src/app.ts";
import type { Stack } from "../../dev/stack/stack.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_REMAP_PROVIDERS:
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
};

let stack: Stack;
let inline: App;

beforeAll(async () => {
  [stack, inline] = await Promise.all([startStack({ workers: 1, env: ENV }), offlineApp(ENV)]);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

/** Jobs the worker has run, from its Prometheus metrics (labels may contain braces: match greedily). */
async function workerJobs(): Promise<number> {
  const text = await (await fetch(`${stack.workerUrls[0]}/metrics`)).text();
  return [...text.matchAll(/^siibra_jobs_total\{.*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe("conditional requests in role server", () => {
  // `find=` answers are never in the response cache (upstream's rule), so only the 304 spares the queue.
  const paths = [`/v3_0/regions?parcellation_id=${JBA31}&find=hoc1`, "/v3_0/vocabularies/genes?find=MAO"];

  test("a validator from another process gets 304 before any job: nothing published, no worker run", async () => {
    for (const path of paths) {
      // ETags are derived from the request and the data version, so any process with the same data agrees.
      const reference = await inline.request(path);
      const body = await reference.text();
      const etag = reference.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

      const [jobs, published] = [await workerJobs(), stack.qstash.stats().published];
      const repeat = await fetch(stack.serverUrl + path, { headers: { "if-none-match": etag } });
      expect(repeat.status).toBe(304);
      expect(await repeat.text()).toBe("");
      expect(repeat.headers.get("etag")).toBe(etag);
      expect(repeat.headers.get("x-siibra-api-version")).toBe("0.3.35");
      expect(await workerJobs()).toBe(jobs);
      expect(stack.qstash.stats().published).toBe(published);

      // The same request without the validator is a job on the worker, answering the same body and ETag.
      const plain = await fetch(stack.serverUrl + path);
      expect(plain.status).toBe(200);
      expect(await plain.text()).toBe(body);
      expect(plain.headers.get("etag")).toBe(etag);
      expect(stack.qstash.stats().published).toBe(published + 1);
      expect(await workerJobs()).toBe(jobs + 1);
    }
  }, 30_000);
});

/** Which remote failures a queue should retry: outages and broken transfers, not answers that will not change. */
import { describe, expect, test } from "bun:test";
import { jobId } from "../../src/transport/job-key.ts";
import { JOBS } from "../../jobs/index.ts";
import { inlineTransport } from "../../src/transport/inline.ts";
import { qstashReceiver } from "../../src/transport/qstash-receiver.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";
import type { JobContext } from "../../jobs/context.ts";
import { createApp } from "../../src/app.ts";
import { BadRequestError, UnavailableError } from "../../src/errors.ts";
import { RemoteBadDataError, RemoteTimeoutError, RemoteUnreachableError } from "../../src/lib/remote.ts";
import { testApp } from "../_support/app.ts";
import { signJwt } from "../../dev/qstash/index.ts";

const POLICY = { immutableMs: 60_000, resultMs: 60_000, partialMs: 1_000 };

const URL_ = "https://data-proxy.ebrains.eu/x";

describe("retryable", () => {
  test("by kind and status", () => {
    const cases: [Error & { retryable: boolean }, boolean][] = [
      [new RemoteBadDataError(URL_, "HTTP 404", {}, 404), false],
      [new RemoteBadDataError(URL_, "HTTP 403", {}, 403), false],
      [new RemoteBadDataError(URL_, "HTTP 429", {}, 429), true],
      [new RemoteBadDataError(URL_, "HTTP 500", {}, 500), true],
      [new RemoteBadDataError(URL_, "response is not JSON"), false],
      [new RemoteBadDataError(URL_, "body truncated", {}, null, true), true],
      [new RemoteTimeoutError(URL_, 1000), true],
      [new RemoteUnreachableError(URL_, "ECONNREFUSED"), true],
      [new UnavailableError("job did not finish"), true],
      [new BadRequestError("bad"), false],
    ];
    for (const [err, retryable] of cases) expect([err.message, err.retryable]).toEqual([err.message, retryable]);
  });
});

describe("the QStash receiver retries only retryable remote failures", () => {
  const KEYS = { current: "sig_current_test_key", next: "sig_next_test_key" };

  async function deliverFailing(err: Error, retried: number) {
    const { services } = await testApp();
    const ctx: JobContext = { ...services, datasets: { resolve: () => Promise.reject(err) } };
    const results = memoryResults();
    const receiver = qstashReceiver({
      jobs: JOBS,
      signingKeys: KEYS,
      publicUrl: "http://worker.local",
      results,
      transport: inlineTransport(ctx),
      policy: POLICY,
      retries: 2,
      resultTtlSeconds: 60,
    });
    const app = createApp({ ...services, role: "worker", receiver });
    const payload = { space_id: "mni152" };
    const id = await jobId("test", "spaces.get", payload);
    const body = JSON.stringify({ id, job: "spaces.get", queue: "core", payload, publishedAt: Date.now() });
    const url = "http://worker.local/_jobs/core";
    const signature = await signJwt(KEYS.current, { sub: url, body }, Math.floor(Date.now() / 1000));
    const res = await app.request(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "upstash-signature": signature,
        "upstash-retried": String(retried),
      },
    });
    return { status: res.status, stored: await results.get(id) };
  }

  test("a remote 404 is stored as the final 502 on the first attempt", async () => {
    const { status, stored } = await deliverFailing(new RemoteBadDataError(URL_, "HTTP 404", { what: "x" }, 404), 0);
    expect(status).toBe(200);
    expect(stored?.status).toBe(502);
  });

  test("an unreachable host asks for a retry and stores nothing yet", async () => {
    const { status, stored } = await deliverFailing(new RemoteUnreachableError(URL_, "ECONNREFUSED"), 0);
    expect(status).toBe(500);
    expect(stored).toBeNull();
  });
});

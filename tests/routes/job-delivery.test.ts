import { describe, expect, test } from "bun:test";
import { createApp } from "../../src/app.ts";
import { memoryResults } from "../../src/transport/redis-outcomes.ts";
import { JOBS } from "../../jobs/index.ts";
import { inlineTransport } from "../../src/transport/inline.ts";
import { qstashReceiver } from "../../src/transport/qstash-receiver.ts";
import { jobId } from "../../src/transport/job-key.ts";
import { testApp } from "../_support/app.ts";
import { signJwt } from "../../dev/qstash/index.ts";
import type { JobContext } from "../../jobs/context.ts";

const POLICY = { immutableMs: 60_000, resultMs: 60_000, partialMs: 1_000 };

const KEYS = { current: "sig_current_test_key", next: "sig_next_test_key" };
const { services } = await testApp();

/** A role-worker app over in-memory results; `ctx` lets a test make the data layer fail. */
function workerApp(ctx: JobContext = services, results = memoryResults()) {
  const app = createApp({
    ...services,
    role: "worker",
    receiver: qstashReceiver({
      jobs: JOBS,
      signingKeys: KEYS,
      publicUrl: "http://worker.local",
      results,
      transport: inlineTransport(ctx),
      policy: POLICY,
      retries: 2,
      resultTtlSeconds: 60,
    }),
  });
  return { app, results };
}

async function deliver(
  app: ReturnType<typeof createApp>,
  body: string,
  opts: { key?: string; retried?: number; queue?: string; signedFor?: string } = {},
) {
  const url = `http://worker.local/_jobs/${opts.queue ?? "core"}`;
  const sub = opts.signedFor ?? url;
  const signature = await signJwt(opts.key ?? KEYS.current, { sub, body }, Math.floor(Date.now() / 1000));
  return app.request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "upstash-signature": signature,
      "upstash-retried": String(opts.retried ?? 0),
    },
  });
}

const message = async (job: string, payload: unknown, queue = "core") =>
  JSON.stringify({ id: await jobId("test", job, payload), job, queue, payload, publishedAt: Date.now() });

describe("POST /_jobs/{queue} (role worker)", () => {
  test("a signed message runs its job once and stores the serialized result under the job id", async () => {
    const { app, results } = workerApp();
    const body = await message("atlases.get", { atlas_id: "human" });
    const res = await deliver(app, body);
    expect(res.status).toBe(200);
    const outcome = await results.get(JSON.parse(body).id);
    expect(outcome?.status).toBe(200);
    expect(JSON.parse((outcome as { body: string }).body).name).toBe("Multilevel Human Atlas");
    // Signed with the next key (rotation) is accepted too.
    expect((await deliver(app, await message("atlases.list", { page: 1, size: 50 }), { key: KEYS.next })).status).toBe(
      200,
    );
  });

  test("a redelivered message (at-least-once) does not run its job again", async () => {
    const { app, results } = workerApp();
    const body = await message("spaces.get", { space_id: "mni152" });
    expect((await deliver(app, body)).status).toBe(200);
    const first = await results.get(JSON.parse(body).id);
    // Same results store, but a data layer that would fail: only a second run could notice.
    const failing: JobContext = {
      ...services,
      datasets: { resolve: async () => Promise.reject(new Error("ran twice")) },
    };
    const again = workerApp(failing, results);
    expect((await deliver(again.app, body)).status).toBe(200);
    expect(await results.get(JSON.parse(body).id)).toEqual(first);
  });

  test("a domain error is a final outcome: stored with its status and envelope body, not retried", async () => {
    const { app, results } = workerApp();
    const body = await message("atlases.get", { atlas_id: "doesnotexist" });
    expect((await deliver(app, body)).status).toBe(200);
    expect(await results.get(JSON.parse(body).id)).toMatchObject({
      status: 404,
      error: { detail: "Cannot find item" },
    });
  });

  test("malformed messages and unknown jobs are non-retryable (489)", async () => {
    const { app } = workerApp();
    for (const body of [
      "not json",
      await message("no.such.job", {}),
      await message("atlases.list", { page: 1, size: 50 }, "features"),
    ]) {
      const res = await deliver(app, body, { queue: "core" });
      expect(res.status).toBe(489);
      expect(res.headers.get("upstash-nonretryable-error")).toBe("true");
    }
  });

  test("a transient failure asks QStash to retry, and is stored only on the last attempt", async () => {
    const failing: JobContext = {
      ...services,
      datasets: { resolve: async () => Promise.reject(new Error("disk on fire")) },
    };
    const { app, results } = workerApp(failing);
    const body = await message("spaces.get", { space_id: "mni152" });
    const id = JSON.parse(body).id;
    expect((await deliver(app, body, { retried: 0 })).status).toBe(500);
    expect(await results.get(id)).toBeNull();
    expect((await deliver(app, body, { retried: 2 })).status).toBe(200);
    expect(await results.get(id)).toMatchObject({
      status: 500,
      error: { detail: "Some error occurred", error: "disk on fire" },
    });
  });

  test("unsigned or wrongly signed requests are refused with 401", async () => {
    const { app, results } = workerApp();
    const body = await message("atlases.list", { page: 1, size: 50 });
    const unsigned = await app.request("http://worker.local/_jobs/core", { method: "POST", body });
    expect(unsigned.status).toBe(401);
    expect((await deliver(app, body, { key: "sig_someone_else" })).status).toBe(401);
    expect(await results.get(JSON.parse(body).id)).toBeNull();
  });

  test("a correctly signed message meant for another endpoint of the same QStash account gets 401", async () => {
    const { app, results } = workerApp();
    const body = await message("atlases.list", { page: 1, size: 50 });
    for (const signedFor of [
      "https://other-service.example/_jobs/core",
      "http://worker.local/_jobs/features",
      "http://worker.local/_jobs/core/",
    ]) {
      const res = await deliver(app, body, { signedFor });
      expect(res.status).toBe(401);
      expect(JSON.parse(JSON.parse(await res.text()).message)).toEqual({ detail: "invalid Upstash-Signature" });
    }
    expect(await results.get(JSON.parse(body).id)).toBeNull();
    expect((await deliver(app, body)).status).toBe(200);
  });

  test("a worker serves no API routes", async () => {
    const { app } = workerApp();
    expect((await app.request("/v3_0/atlases")).status).toBe(404);
    expect((await app.request("/ready")).status).toBe(200);
  });
});

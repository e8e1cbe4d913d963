/**
 * The local QStash's scheduling through the real SDK: flow control, queues, batch, delays, cancellation,
 * timeouts and stop().
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "@upstash/qstash";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { sleep, startTestReceiver } from "../../dev/qstash/test-receiver.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import type { TestReceiver } from "../../dev/qstash/test-receiver.ts";

let qstash: LocalQStash;
let endpoint: TestReceiver;
let client: Client;

beforeAll(() => {
  qstash = startLocalQStash({ port: 0, retryDelayMs: () => 30 });
  endpoint = startTestReceiver(qstash.signingKeys());
  client = new Client({
    baseUrl: qstash.url,
    token: qstash.token,
    devMode: false,
    enableTelemetry: false,
    retry: false,
  });
});

afterAll(async () => {
  await qstash.stop();
  await endpoint.stop();
});

/**
 * The SDK's option types only allow whole-second durations, which would make these tests slow. Headers starting
 * with "Upstash-" pass through the SDK unprefixed, and the server accepts Go durations such as "300ms".
 */
const subSecond = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [`Upstash-${name}`, value]));

const slow = (ms: number) => async (): Promise<Response> => {
  await sleep(ms);
  return new Response("ok");
};

describe("flow control and queues", () => {
  test("flow-control parallelism=1 never overlaps deliveries; parallelism=2 does", async () => {
    endpoint.on("/fc1", slow(40));
    endpoint.on("/fc2", slow(40));
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => [
        client.publishJSON({ url: `${endpoint.url}/fc1`, body: { i }, flowControl: { key: "fc-one", parallelism: 1 } }),
        client.publishJSON({ url: `${endpoint.url}/fc2`, body: { i }, flowControl: { key: "fc-two", parallelism: 2 } }),
      ]).flat(),
    );
    await endpoint.waitFor(() => endpoint.to("/fc1").length === 5 && endpoint.to("/fc2").length === 5);
    await qstash.waitForIdle();
    expect(endpoint.maxConcurrent("/fc1")).toBe(1);
    expect(endpoint.maxConcurrent("/fc2")).toBe(2);
  });

  test("flow-control rate limits starts per period", async () => {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        client.publishJSON({
          url: `${endpoint.url}/rate`,
          body: { i },
          headers: subSecond({ "Flow-Control-Key": "fc-rate", "Flow-Control-Value": "rate=2, period=300ms" }),
        }),
      ),
    );
    await endpoint.waitFor(() => endpoint.to("/rate").length === 4);
    const times = endpoint.to("/rate").map((d) => d.receivedAt - started);
    // Two start at once, the next two only after the 300 ms window has moved on.
    expect(times[2]!).toBeGreaterThanOrEqual(250);
  });

  test("a parallelism-1 queue delivers in order, one at a time", async () => {
    const queue = client.queue({ queueName: "jobs-fifo" });
    await queue.upsert({ parallelism: 1 });
    endpoint.on("/queued", slow(20));
    for (let i = 0; i < 5; i++) await queue.enqueueJSON({ url: `${endpoint.url}/queued`, body: { i } });
    expect((await queue.get()).parallelism).toBe(1);
    await endpoint.waitFor(() => endpoint.to("/queued").length === 5);
    expect(endpoint.to("/queued").map((d) => (JSON.parse(d.body) as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
    expect(endpoint.maxConcurrent("/queued")).toBe(1);
    expect((await queue.list()).map((q) => q.name)).toContain("jobs-fifo");
    await queue.delete();
    await expect(queue.get()).rejects.toThrow("queue not found");
  });

  test("a queue slot is held through retries (FIFO across failures)", async () => {
    const queue = client.queue({ queueName: "jobs-retry" });
    await queue.upsert({ parallelism: 1 });
    endpoint.on("/q-retry", (_d, nth) => new Response("", { status: nth === 0 ? 500 : 200 }));
    await queue.enqueueJSON({ url: `${endpoint.url}/q-retry`, body: { i: 0 } });
    await queue.enqueueJSON({ url: `${endpoint.url}/q-retry`, body: { i: 1 } });
    await endpoint.waitFor(() => endpoint.to("/q-retry").length === 3);
    expect(endpoint.to("/q-retry").map((d) => d.body)).toEqual(['{"i":0}', '{"i":0}', '{"i":1}']);
  });

  test("batchJSON publishes each item, to URLs and queues", async () => {
    const res = await client.batchJSON([
      { url: `${endpoint.url}/batch-a`, body: { a: 1 } },
      { url: `${endpoint.url}/batch-b`, body: { b: 1 }, queueName: "batch-q", headers: { "x-from": "batch" } },
    ]);
    expect(res).toHaveLength(2);
    expect(res.every((r) => "messageId" in r && r.messageId.startsWith("msg_"))).toBe(true);
    await endpoint.waitFor(() => endpoint.to("/batch-a").length === 1 && endpoint.to("/batch-b").length === 1);
    const b = endpoint.to("/batch-b")[0]!;
    expect(b.body).toBe('{"b":1}');
    expect(b.headers.get("content-type")).toBe("application/json");
    expect(b.headers.get("x-from")).toBe("batch");
    expect(b.verified).toBe(true);
  });
});

describe("timing and lifecycle", () => {
  test("a delayed message can be read and cancelled before it is delivered", async () => {
    const { messageId } = await client.publishJSON({ url: `${endpoint.url}/delayed`, body: {}, delay: 2 });
    const message = await client.messages.get(messageId);
    expect(message.url).toBe(`${endpoint.url}/delayed`);
    expect(message.notBefore).toBeGreaterThan(Date.now() + 1000);
    expect(await client.messages.cancel(messageId)).toEqual({ cancelled: 1 });
    await qstash.waitForIdle();
    expect(endpoint.to("/delayed")).toHaveLength(0);
    expect(qstash.stats().cancelled).toBeGreaterThanOrEqual(1);
  });

  test("Upstash-Delay holds a message back; Upstash-Timeout turns a slow answer into a retry", async () => {
    const started = Date.now();
    await client.publishJSON({ url: `${endpoint.url}/later`, body: {}, headers: subSecond({ Delay: "300ms" }) });
    endpoint.on("/slow", (_d, nth) => (nth === 0 ? slow(500)() : new Response("ok")));
    await client.publishJSON({
      url: `${endpoint.url}/slow`,
      body: {},
      headers: subSecond({ Timeout: "100ms" }),
      retries: 1,
    });
    await endpoint.waitFor(() => endpoint.to("/later").length === 1 && endpoint.to("/slow").length === 2);
    expect(endpoint.to("/later")[0]!.receivedAt - started).toBeGreaterThanOrEqual(280);
    expect(endpoint.to("/slow")[1]!.headers.get("upstash-retried")).toBe("1");
    await qstash.waitForIdle();
  });

  test("an Upstash-Retry-Delay expression sets the back-off", async () => {
    endpoint.on("/expr", (_d, nth) => new Response("", { status: nth === 0 ? 500 : 200 }));
    await client.publishJSON({
      url: `${endpoint.url}/expr`,
      body: {},
      retries: 1,
      retryDelay: "max(250, pow(2, retried) * 10)",
    });
    await endpoint.waitFor(() => endpoint.to("/expr").length === 2);
    const [first, second] = endpoint.to("/expr");
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(230);
    const bad = await client
      .publishJSON({ url: `${endpoint.url}/expr`, body: {}, retryDelay: "eval(1)" })
      .catch((e: unknown) => e);
    expect(String(bad)).toContain("Retry-Delay");
  });

  test("stop() aborts in-flight deliveries and pending timers promptly", async () => {
    const local = startLocalQStash({ port: 0 });
    const hanging = startTestReceiver(local.signingKeys());
    hanging.on("/hang", slow(10_000));
    const sdk = new Client({
      baseUrl: local.url,
      token: local.token,
      devMode: false,
      enableTelemetry: false,
      retry: false,
    });
    await sdk.publishJSON({ url: `${hanging.url}/hang`, body: {} });
    await sdk.publishJSON({ url: `${hanging.url}/never`, body: {}, delay: 60 });
    await hanging.waitFor(() => hanging.to("/hang").length === 1);
    expect(local.stats().inFlight).toBe(1);
    const t0 = Date.now();
    await local.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(local.stats().inFlight + local.stats().pending).toBeGreaterThanOrEqual(1);
    await hanging.stop();
    expect(hanging.to("/never")).toHaveLength(0);
  });
});

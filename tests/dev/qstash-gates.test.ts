/**
 * The local QStash's scheduling through the real SDK: flow-control parallelism, timeouts and stop().
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client } from "@upstash/qstash";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { sleep, startTestReceiver } from "../_support/qstash-endpoint.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import type { TestReceiver } from "../_support/qstash-endpoint.ts";

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

describe("flow control", () => {
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
});

describe("timing and lifecycle", () => {
  test("Upstash-Timeout turns a slow answer into a retry", async () => {
    endpoint.on("/slow", (_d, nth) => (nth === 0 ? slow(500)() : new Response("ok")));
    await client.publishJSON({
      url: `${endpoint.url}/slow`,
      body: {},
      headers: subSecond({ Timeout: "100ms" }),
      retries: 1,
    });
    await endpoint.waitFor(() => endpoint.to("/slow").length === 2);
    expect(endpoint.to("/slow")[1]!.headers.get("upstash-retried")).toBe("1");
    await qstash.waitForIdle();
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
    hanging.on("/fails", () => new Response("", { status: 500 }));
    await sdk.publishJSON({ url: `${hanging.url}/fails`, body: {}, retries: 1 });
    await hanging.waitFor(() => hanging.to("/hang").length === 1 && hanging.to("/fails").length === 1);
    expect(local.stats().inFlight).toBe(1);
    const t0 = Date.now();
    await local.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    await hanging.stop();
    // The retry (due in 200 ms) was dropped with the scheduler.
    await sleep(300);
    expect(hanging.to("/fails")).toHaveLength(1);
  });
});

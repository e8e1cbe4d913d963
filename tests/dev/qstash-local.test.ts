/**
 * The local QStash driven by the real SDK (Client → HTTP → scheduler → signed delivery → real Receiver), so the
 * code path under test is the production one. Delivery, signatures, retries, dedup, refused features.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, QstashError, Receiver, SignatureError } from "@upstash/qstash";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { sleep, startTestReceiver } from "../_support/qstash-endpoint.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import type { TestReceiver } from "../_support/qstash-endpoint.ts";

let qstash: LocalQStash;
let endpoint: TestReceiver;
let client: Client;

/** devMode false: otherwise the SDK would replace baseUrl/token and try to download the official binary. */
function sdkClient(server: LocalQStash, token = server.token): Client {
  return new Client({ baseUrl: server.url, token, devMode: false, enableTelemetry: false, retry: false });
}

beforeAll(() => {
  qstash = startLocalQStash({ port: 0, retryDelayMs: () => 30 });
  endpoint = startTestReceiver(qstash.signingKeys());
  client = sdkClient(qstash);
});

afterAll(async () => {
  await qstash.stop();
  await endpoint.stop();
});

describe("local QStash via the real SDK", () => {
  test("publishJSON delivers body, content type, query string and forwarded headers, signed with the current key", async () => {
    const res = await client.publishJSON({
      url: `${endpoint.url}/plain?x=1&y=a%20b`,
      body: { hello: "world" },
      headers: { "x-custom": "42" },
    });
    expect(res.messageId).toMatch(/^msg_/);
    await endpoint.waitFor(() => endpoint.to("/plain").length === 1);
    const [d] = endpoint.to("/plain");
    expect(d!.url).toBe(`${endpoint.url}/plain?x=1&y=a%20b`);
    expect(d!.body).toBe('{"hello":"world"}');
    expect(d!.headers.get("content-type")).toBe("application/json");
    expect(d!.headers.get("x-custom")).toBe("42");
    expect(d!.headers.get("user-agent")).toBe("Upstash-QStash");
    expect(d!.headers.get("upstash-message-id")).toBe(res.messageId);
    expect(d!.headers.get("upstash-retried")).toBe("0");
    expect(d!.verified).toBe(true);
    // Signed with the current key: a receiver that knows only the current key accepts it.
    const currentOnly = new Receiver({
      currentSigningKey: qstash.signingKeys().current,
      nextSigningKey: "sig_unknown",
      devMode: false,
    });
    expect(await currentOnly.verify({ signature: d!.signature, body: d!.body, url: d!.url })).toBe(true);
  });

  test("a tampered body or a different URL fails verification", async () => {
    const [d] = endpoint.to("/plain");
    const receiver = new Receiver({
      currentSigningKey: qstash.signingKeys().current,
      nextSigningKey: qstash.signingKeys().next,
      devMode: false,
    });
    await expect(
      receiver.verify({ signature: d!.signature, body: '{"hello":"WORLD"}', url: d!.url }),
    ).rejects.toBeInstanceOf(SignatureError);
    await expect(
      receiver.verify({ signature: d!.signature, body: d!.body, url: `${endpoint.url}/other` }),
    ).rejects.toBeInstanceOf(SignatureError);
  });

  test("a wrong token is rejected with 401", async () => {
    const bad = sdkClient(qstash, "not-the-token");
    const error = await bad.publishJSON({ url: `${endpoint.url}/never`, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QstashError);
    expect((error as QstashError).status).toBe(401);
    expect(JSON.parse((error as QstashError).message)).toHaveProperty("error");
  });

  test("500 is retried with increasing Upstash-Retried until success", async () => {
    endpoint.on("/flaky", (_d, nth) => new Response("boom", { status: nth < 2 ? 500 : 200 }));
    const { messageId } = await client.publishJSON({ url: `${endpoint.url}/flaky`, body: { n: 1 }, retries: 3 });
    await endpoint.waitFor(() => endpoint.to("/flaky").length === 3);
    await qstash.waitForIdle();
    const seen = endpoint.to("/flaky");
    expect(seen.map((d) => d.headers.get("upstash-retried"))).toEqual(["0", "1", "2"]);
    expect(new Set(seen.map((d) => d.headers.get("upstash-message-id")))).toEqual(new Set([messageId]));
    expect(seen.every((d) => d.verified === true)).toBe(true);
  });

  test("an endpoint that is down is retried and reached once it comes up", async () => {
    const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
    const port = probe.port ?? 0;
    await probe.stop(true);
    const before = qstash.stats().attempts;
    await client.publishJSON({ url: `http://127.0.0.1:${port}/late`, body: { late: true }, retries: 20 });
    await endpoint.waitFor(() => qstash.stats().attempts >= before + 2);
    const late = startTestReceiver(qstash.signingKeys(), port);
    try {
      await late.waitFor(() => late.to("/late").length === 1);
      expect(Number(late.to("/late")[0]!.headers.get("upstash-retried"))).toBeGreaterThanOrEqual(1);
      expect(late.to("/late")[0]!.verified).toBe(true);
      await qstash.waitForIdle();
    } finally {
      await late.stop();
    }
  });

  test("489 + Upstash-NonRetryable-Error is not retried", async () => {
    endpoint.on(
      "/fatal",
      () => new Response("bad input", { status: 489, headers: { "Upstash-NonRetryable-Error": "true" } }),
    );
    const failed = qstash.stats().failed;
    await client.publishJSON({ url: `${endpoint.url}/fatal`, body: { x: 1 }, retries: 3 });
    await endpoint.waitFor(() => endpoint.to("/fatal").length === 1);
    await qstash.waitForIdle();
    await sleep(100);
    expect(endpoint.to("/fatal")).toHaveLength(1);
    expect(qstash.stats().failed - failed).toBe(1);
  });

  test("489 without the non-retryable header is an ordinary failure and is retried", async () => {
    endpoint.on("/489-plain", () => new Response("", { status: 489 }));
    await client.publishJSON({ url: `${endpoint.url}/489-plain`, body: {}, retries: 1 });
    await endpoint.waitFor(() => endpoint.to("/489-plain").length === 2);
    await qstash.waitForIdle();
  });

  test("a deduplication id returns the same messageId and delivers once", async () => {
    const first = await client.publishJSON({ url: `${endpoint.url}/dedup`, body: { a: 1 }, deduplicationId: "job-1" });
    const second = await client.publishJSON({ url: `${endpoint.url}/dedup`, body: { a: 2 }, deduplicationId: "job-1" });
    expect(second.messageId).toBe(first.messageId);
    expect(second.deduplicated).toBe(true);
    expect(first.deduplicated).toBeUndefined();
    await qstash.waitForIdle();
    await sleep(50);
    expect(
      endpoint
        .to("/dedup")
        .map((d) => d.body)
        .sort(),
    ).toEqual(['{"a":1}']);
  });

  test("features the service does not use are refused at publish time, not silently ignored", async () => {
    for (const extra of [
      { callback: `${endpoint.url}/cb` },
      { delay: 5 },
      { contentBasedDeduplication: true },
      { flowControl: { key: "k", rate: 5 } },
    ]) {
      const error = await client
        .publishJSON({ url: `${endpoint.url}/refused`, body: {}, ...extra })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QstashError);
      expect((error as QstashError).status).toBe(400);
    }
    await sleep(50);
    expect(endpoint.to("/refused")).toHaveLength(0);
  });
});

/**
 * The local QStash driven by the real SDK (Client → HTTP → scheduler → signed delivery → real Receiver), so the
 * code path under test is the production one. Delivery, signatures, retries, DLQ, dedup and callbacks.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, QstashError, Receiver, SignatureError } from "@upstash/qstash";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { sleep, startTestReceiver } from "../../dev/qstash/test-receiver.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import type { TestReceiver } from "../../dev/qstash/test-receiver.ts";

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
    expect(qstash.stats().dlq.some((e) => e.messageId === messageId)).toBe(false);
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

  test("489 + Upstash-NonRetryable-Error is not retried; it goes to the DLQ and fires the failure callback", async () => {
    endpoint.on(
      "/fatal",
      () => new Response("bad input", { status: 489, headers: { "Upstash-NonRetryable-Error": "true" } }),
    );
    const { messageId } = await client.publishJSON({
      url: `${endpoint.url}/fatal`,
      body: { x: 1 },
      retries: 3,
      failureCallback: `${endpoint.url}/failed`,
    });
    await endpoint.waitFor(() => endpoint.to("/failed").length === 1);
    await qstash.waitForIdle();
    expect(endpoint.to("/fatal")).toHaveLength(1);
    const entry = qstash.stats().dlq.find((e) => e.messageId === messageId);
    expect(entry?.responseStatus).toBe(489);
    expect(entry?.responseBody).toBe("bad input");
    const failed = endpoint.to("/failed")[0]!;
    expect(failed.verified).toBe(true);
    const payload = JSON.parse(failed.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      status: 489,
      sourceMessageId: messageId,
      dlqId: entry?.dlqId,
      url: `${endpoint.url}/fatal`,
    });
    expect(atob(payload.body as string)).toBe("bad input");
    expect(atob(payload.sourceBody as string)).toBe('{"x":1}');
    // The SDK's DLQ API reads the same entry.
    const { messages } = await client.dlq.listMessages();
    expect(messages.some((m) => m.messageId === messageId)).toBe(true);
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
    const byContent = await client.publishJSON({
      url: `${endpoint.url}/dedup`,
      body: { c: 1 },
      contentBasedDeduplication: true,
    });
    const sameContent = await client.publishJSON({
      url: `${endpoint.url}/dedup`,
      body: { c: 1 },
      contentBasedDeduplication: true,
    });
    const otherContent = await client.publishJSON({
      url: `${endpoint.url}/dedup`,
      body: { c: 2 },
      contentBasedDeduplication: true,
    });
    expect(sameContent.messageId).toBe(byContent.messageId);
    expect(otherContent.messageId).not.toBe(byContent.messageId);
    await qstash.waitForIdle();
    await sleep(50);
    expect(
      endpoint
        .to("/dedup")
        .map((d) => d.body)
        .sort(),
    ).toEqual(['{"a":1}', '{"c":1}', '{"c":2}']);
  });

  test("the callback gets every attempt's response; the failure callback fires once after exhaustion", async () => {
    endpoint.on("/work", () => new Response("done", { status: 200, headers: { "x-result": "7" } }));
    const ok = await client.publishJSON({
      url: `${endpoint.url}/work`,
      body: {},
      callback: `${endpoint.url}/cb-ok`,
      failureCallback: `${endpoint.url}/fail-ok`,
    });
    endpoint.on("/broken", () => new Response("nope", { status: 503 }));
    const bad = await client.publishJSON({
      url: `${endpoint.url}/broken`,
      body: {},
      retries: 1,
      callback: `${endpoint.url}/cb-bad`,
      failureCallback: `${endpoint.url}/fail-bad`,
    });
    await endpoint.waitFor(() => endpoint.to("/fail-bad").length === 1 && endpoint.to("/cb-ok").length === 1);
    await qstash.waitForIdle();

    const cbOk = JSON.parse(endpoint.to("/cb-ok")[0]!.body) as Record<string, unknown>;
    expect(cbOk).toMatchObject({
      status: 200,
      sourceMessageId: ok.messageId,
      retried: 0,
      maxRetries: 3,
      method: "POST",
    });
    expect(atob(cbOk.body as string)).toBe("done");
    expect((cbOk.header as Record<string, string[]>)["X-Result"]).toEqual(["7"]);
    expect(endpoint.to("/fail-ok")).toHaveLength(0);

    const cbBad = endpoint
      .to("/cb-bad")
      .map((d) => JSON.parse(d.body) as { status: number; retried: number; maxRetries: number });
    expect(cbBad.map((p) => [p.status, p.retried, p.maxRetries])).toEqual([
      [503, 0, 1],
      [503, 1, 1],
    ]);
    const failBad = JSON.parse(endpoint.to("/fail-bad")[0]!.body) as Record<string, unknown>;
    expect(failBad).toMatchObject({ status: 503, sourceMessageId: bad.messageId, retried: 1, maxRetries: 1 });
    expect(typeof failBad.dlqId).toBe("string");
    // Callbacks are signed messages of their own.
    const callbacks = ["/cb-ok", "/cb-bad", "/fail-bad"].flatMap((p) => endpoint.to(p));
    expect(callbacks.every((d) => d.verified === true && d.headers.get("content-type") === "application/json")).toBe(
      true,
    );
  });
});

describe("signing key rotation", () => {
  test("after rotation deliveries are signed with the former next key, which the Receiver accepts", async () => {
    const local = startLocalQStash({ port: 0, retryDelayMs: () => 30 });
    const original = local.signingKeys();
    const target = startTestReceiver(original);
    try {
      const sdk = sdkClient(local);
      expect(
        await (await fetch(`${local.url}/v2/keys`, { headers: { authorization: `Bearer ${local.token}` } })).json(),
      ).toEqual(original);
      const rotated = (await (
        await fetch(`${local.url}/v2/keys/rotate`, {
          method: "POST",
          headers: { authorization: `Bearer ${local.token}` },
        })
      ).json()) as { current: string; next: string };
      expect(rotated.current).toBe(original.next);
      expect(rotated.next).not.toBe(original.next);
      await sdk.publishJSON({ url: `${target.url}/rotated`, body: { r: 1 } });
      await target.waitFor(() => target.to("/rotated").length === 1);
      const d = target.to("/rotated")[0]!;
      // The receiver configured before the rotation falls back to its next key.
      expect(d.verified).toBe(true);
      const nextOnly = new Receiver({
        currentSigningKey: "sig_unknown",
        nextSigningKey: original.next,
        devMode: false,
      });
      expect(await nextOnly.verify({ signature: d.signature, body: d.body, url: d.url })).toBe(true);
      const currentOnly = new Receiver({
        currentSigningKey: original.current,
        nextSigningKey: "sig_unknown",
        devMode: false,
      });
      await expect(currentOnly.verify({ signature: d.signature, body: d.body, url: d.url })).rejects.toBeInstanceOf(
        SignatureError,
      );
    } finally {
      await local.stop();
      await target.stop();
    }
  });
});

/**
 * The local QStash refuses a message past the plan's largest (1 MB by default, the Free plan; 10 MB when
 * configured, as paid plans allow), through the real SDK: the exact limit is delivered byte for byte, one
 * byte more is a `QstashError` 413 and nothing is published or delivered.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, QstashError } from "@upstash/qstash";
import { startLocalQStash } from "../../dev/qstash/index.ts";
import { startTestReceiver } from "../_support/qstash-endpoint.ts";
import type { LocalQStash } from "../../dev/qstash/index.ts";
import type { TestReceiver } from "../_support/qstash-endpoint.ts";

const MB = 1024 * 1024;
const servers: LocalQStash[] = [];
let endpoint: TestReceiver;

function local(maxMessageBytes?: number): { qstash: LocalQStash; client: Client } {
  const qstash = startLocalQStash({ port: 0, retryDelayMs: () => 30, maxMessageBytes });
  servers.push(qstash);
  const client = new Client({
    baseUrl: qstash.url,
    token: qstash.token,
    devMode: false,
    enableTelemetry: false,
    retry: false,
  });
  return { qstash, client };
}

/** The SDK's error for a refused publish (it never retries an HTTP status). */
async function refusal(publishing: Promise<unknown>): Promise<QstashError> {
  const err = await publishing.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(QstashError);
  return err as QstashError;
}

beforeAll(() => {
  // Any instance's keys: they are all the official dev keys.
  endpoint = startTestReceiver(local().qstash.signingKeys());
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await endpoint.stop();
});

describe("largest message", () => {
  test("1 MB by default: exactly 1 MB is delivered whole, one byte more is refused with 413", async () => {
    const { qstash, client } = local();
    const body = "a".repeat(MB);
    await client.publish({ url: `${endpoint.url}/at-limit`, body });
    await endpoint.waitFor(() => endpoint.to("/at-limit").length === 1);
    const [delivered] = endpoint.to("/at-limit");
    expect(delivered!.body).toBe(body);
    expect(delivered!.verified).toBe(true);

    const err = await refusal(client.publish({ url: `${endpoint.url}/over`, body: `${body}b` }));
    expect(err.status).toBe(413);
    expect(JSON.parse(err.message)).toEqual({
      error: `max message size exceeded. Limit: ${MB} bytes, Actual: ${MB + 1} bytes`,
    });
    await qstash.waitForIdle();
    expect(qstash.stats().published).toBe(1);
    expect(endpoint.to("/over")).toEqual([]);
  });

  test("bytes count, not characters; publishJSON's serialized body is what is measured", async () => {
    const { client } = local();
    // 2 bytes each: fewer characters than the limit, more bytes.
    const err = await refusal(client.publish({ url: `${endpoint.url}/wide`, body: "é".repeat(MB / 2 + 1) }));
    expect(err.status).toBe(413);
    // {"v":"…"} is 8 bytes around the value.
    await client.publishJSON({ url: `${endpoint.url}/json`, body: { v: "j".repeat(MB - 8) } });
    await endpoint.waitFor(() => endpoint.to("/json").length === 1);
    expect(
      (await refusal(client.publishJSON({ url: `${endpoint.url}/json`, body: { v: "j".repeat(MB - 7) } }))).status,
    ).toBe(413);
    expect(endpoint.to("/wide")).toEqual([]);
  });

  test("configured for a paid plan (10 MB): 10 MB passes, one byte more is refused", async () => {
    const { qstash, client } = local(10 * MB);
    await client.publish({ url: `${endpoint.url}/paid`, body: "p".repeat(10 * MB) });
    await endpoint.waitFor(() => endpoint.to("/paid").length === 1);
    expect(endpoint.to("/paid")[0]!.body.length).toBe(10 * MB);
    expect((await refusal(client.publish({ url: `${endpoint.url}/paid`, body: "p".repeat(10 * MB + 1) }))).status).toBe(
      413,
    );
    await qstash.waitForIdle();
    expect(qstash.stats().published).toBe(1);
  });

  test("0 turns the limit off", async () => {
    const { client } = local(0);
    await client.publish({ url: `${endpoint.url}/open`, body: "o".repeat(2 * MB) });
    await endpoint.waitFor(() => endpoint.to("/open").length === 1);
    expect(endpoint.to("/open")[0]!.body.length).toBe(2 * MB);
  });
});

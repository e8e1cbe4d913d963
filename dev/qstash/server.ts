/** startLocalQStash: a QStash-compatible scheduler on Bun.serve, all state in memory. */
import { NO_SERVER_BODY_LIMIT, readCapped } from "../request-body.ts";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_PORT,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./constants.ts";
import { parsePublish } from "./publish.ts";
import { Scheduler } from "./scheduler.ts";
import type { LocalQStashStats } from "./scheduler.ts";

export type LocalQStashOptions = {
  /** 0 = a free port. */
  port?: number;
  hostname?: string;
  token?: string;
  currentSigningKey?: string;
  nextSigningKey?: string;
  /** Back-off before retry n+1 (default 200 ms × (retried + 1)). */
  retryDelayMs?: (retried: number) => number;
  log?: (line: string) => void;
  /** Largest message body accepted (default 1 MB, the Free plan's; 10 MB for paid plans); 0 = no limit. */
  maxMessageBytes?: number;
};

export type LocalQStash = {
  url: string;
  port: number;
  token: string;
  stats(): LocalQStashStats;
  signingKeys(): { current: string; next: string };
  waitForIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Neither the project's platform reference nor QStash's documentation gives the answer to an oversized
 * message, so this is 413 (Payload Too Large) with QStash's usual error body `{"error": …}` and a text in
 * Upstash's wording for its Redis size limits. The SDK turns any non-2xx but 429 into `QstashError` with
 * that status and body, and never retries it, so a publisher sees a refusal either way.
 */
function messageTooLarge(limit: number, actual: number): Response {
  return Response.json(
    { error: `max message size exceeded. Limit: ${limit} bytes, Actual: ${actual} bytes` },
    { status: 413 },
  );
}

export function startLocalQStash(options: LocalQStashOptions = {}): LocalQStash {
  const token = options.token ?? DEV_TOKEN;
  const hostname = options.hostname ?? "127.0.0.1";
  const keys = {
    current: options.currentSigningKey ?? DEV_CURRENT_SIGNING_KEY,
    next: options.nextSigningKey ?? DEV_NEXT_SIGNING_KEY,
  };
  const scheduler = new Scheduler({
    signingKey: () => keys.current,
    retryDelayMs: options.retryDelayMs,
    log: options.log ?? (() => {}),
  });
  const maxMessageBytes = (options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES) || Infinity;
  const server = Bun.serve({
    port: options.port ?? DEFAULT_PORT,
    hostname,
    maxRequestBodySize: NO_SERVER_BODY_LIMIT,
    async fetch(request) {
      if (request.headers.get("authorization") !== `Bearer ${token}`)
        return Response.json({ error: "Unauthorized" }, { status: 401 });
      const path = new URL(request.url).pathname;
      if (request.method !== "POST" || !path.startsWith("/v2/publish/"))
        return Response.json(
          { error: `not supported by the local QStash: ${request.method} ${path}` },
          { status: 404 },
        );
      const body = await readCapped(request, maxMessageBytes);
      if ("tooLarge" in body) return messageTooLarge(maxMessageBytes, body.tooLarge);
      const parsed = parsePublish(request.url, request.headers, body.bytes);
      if (!parsed.spec) return Response.json({ error: parsed.error }, { status: 400 });
      const accepted = scheduler.publish(parsed.spec);
      return Response.json(accepted, { status: accepted.deduplicated ? 202 : 200 });
    },
  });

  let stopping: Promise<void> | undefined;
  return {
    // A wildcard bind address is not something clients can dial.
    url: `http://${hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname}:${server.port}`,
    port: server.port ?? 0,
    token,
    stats: () => scheduler.stats(),
    signingKeys: () => ({ ...keys }),
    waitForIdle: (timeoutMs = 10_000) => scheduler.waitForIdle(timeoutMs),
    stop: () =>
      (stopping ??= (async () => {
        await server.stop(true);
        await scheduler.stop();
      })()),
  };
}

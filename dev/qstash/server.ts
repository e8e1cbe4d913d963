/** startLocalQStash: a QStash-compatible scheduler on Bun.serve, all state in memory. */
import { DEFAULT_PORT, DEV_CURRENT_SIGNING_KEY, DEV_NEXT_SIGNING_KEY, DEV_TOKEN } from "./constants.ts";
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
  const server = Bun.serve({
    port: options.port ?? DEFAULT_PORT,
    hostname,
    async fetch(request) {
      if (request.headers.get("authorization") !== `Bearer ${token}`)
        return Response.json({ error: "Unauthorized" }, { status: 401 });
      const path = new URL(request.url).pathname;
      if (request.method !== "POST" || !path.startsWith("/v2/publish/"))
        return Response.json(
          { error: `not supported by the local QStash: ${request.method} ${path}` },
          { status: 404 },
        );
      const parsed = parsePublish(request.url, request.headers, new Uint8Array(await request.arrayBuffer()));
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

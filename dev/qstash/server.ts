/** startLocalQStash: a QStash-compatible scheduler on Bun.serve, all state in memory. */
import { createQStashApp } from "./app.ts";
import { DedupStore } from "./dedup.ts";
import { newSigningKey } from "./ids.ts";
import { Scheduler } from "./scheduler.ts";
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_PORT,
  DEFAULT_TIMEOUT_MS,
  DEV_CURRENT_SIGNING_KEY,
  DEV_NEXT_SIGNING_KEY,
  DEV_TOKEN,
} from "./constants.ts";
import type { LocalQStash, LocalQStashOptions, SigningKeys } from "./types.ts";

export function startLocalQStash(options: LocalQStashOptions = {}): LocalQStash {
  const token = options.token ?? DEV_TOKEN;
  const hostname = options.hostname ?? "127.0.0.1";
  let keys: SigningKeys = {
    current: options.currentSigningKey ?? DEV_CURRENT_SIGNING_KEY,
    next: options.nextSigningKey ?? DEV_NEXT_SIGNING_KEY,
  };
  const rotateKeys = (): SigningKeys => {
    keys = { current: keys.next, next: newSigningKey() };
    return { ...keys };
  };
  const log = options.log ?? ((): void => {});
  const scheduler = new Scheduler({ signingKey: () => keys.current, retryDelayMs: options.retryDelayMs, log });
  const app = createQStashApp({
    token,
    scheduler,
    dedup: new DedupStore(),
    defaults: () => ({
      maxRetries: options.maxRetriesDefault ?? DEFAULT_MAX_RETRIES,
      timeoutMs: options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    }),
    keys: () => ({ ...keys }),
    rotateKeys,
  });
  const server = Bun.serve({
    port: options.port ?? DEFAULT_PORT,
    hostname,
    fetch: (request, srv) => app.fetch(request, { callerIp: srv.requestIP(request)?.address ?? "" }),
  });

  let stopping: Promise<void> | undefined;
  return {
    // A wildcard bind address is not something clients can dial.
    url: `http://${hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname}:${server.port}`,
    port: server.port ?? 0,
    token,
    stats: () => scheduler.stats(),
    signingKeys: () => ({ ...keys }),
    rotateSigningKeys: rotateKeys,
    waitForIdle: (timeoutMs = 10_000) => scheduler.waitForIdle(timeoutMs),
    stop: () =>
      (stopping ??= (async () => {
        await server.stop(true);
        await scheduler.stop();
      })()),
  };
}

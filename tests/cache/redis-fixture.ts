/** Shared by the cache and bridge tests: the local redis-server behind the REST bridge, per-run key prefixes. */
import { RedisClient } from "bun";
import { startRedisRestBridge } from "../../dev/redis-rest-bridge.ts";
import type { RedisRestBridge } from "../../dev/redis-rest-bridge.ts";

export const REDIS_URL = process.env.SIIBRA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const TOKEN = "test-token";

export type BridgeFixture = RedisRestBridge & {
  prefix: string;
  /** Deletes every key under the run's prefix, then stops the bridge. */
  cleanup(): Promise<void>;
};

export function startBridgeFixture(name: string): BridgeFixture {
  const bridge = startRedisRestBridge({ port: 0, token: TOKEN, redisUrl: REDIS_URL });
  const prefix = `siibra-edge-test:${name}:${crypto.randomUUID()}:`;
  return {
    ...bridge,
    prefix,
    async cleanup() {
      await bridge.stop();
      const redis = new RedisClient(REDIS_URL);
      try {
        const keys = (await redis.send("KEYS", [`${prefix}*`])) as string[];
        if (keys.length > 0) await redis.send("DEL", keys);
      } finally {
        redis.close();
      }
    },
  };
}

/** An origin nothing listens on. */
export function closedOrigin(): string {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const origin = `http://127.0.0.1:${server.port}`;
  server.stop(true);
  return origin;
}

/** A server that accepts requests and never answers (a stalled Redis REST endpoint). */
export function hangingOrigin(): { url: string; stop(): void } {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    fetch: () => new Promise<Response>(() => undefined),
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

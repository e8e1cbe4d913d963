/**
 * Local stand-ins for remote hosts: a Bun.serve on 127.0.0.1 (port 0) serving fixed bodies by path and
 * counting hits, plus helpers for a closed port and a server that never answers.
 */
import type { Server } from "bun";

export type Fixture = {
  origin: string;
  hits: Map<string, number>;
  hitsFor(path: string): number;
  stop(): void;
};

export type Route = { body: string | Uint8Array<ArrayBuffer>; status?: number; delayMs?: number };

/** Serves `routes[pathname + search]`, 404 otherwise. */
export function serveFixture(routes: Record<string, Route>): Fixture {
  const hits = new Map<string, number>();
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const key = url.pathname + url.search;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      const route = routes[key];
      if (!route) return new Response("not found", { status: 404 });
      if (route.delayMs) await Bun.sleep(route.delayMs);
      return new Response(route.body, { status: route.status ?? 200 });
    },
  });
  return {
    origin: `http://127.0.0.1:${server.port}`,
    hits,
    hitsFor: (path) => hits.get(path) ?? 0,
    stop: () => server.stop(true),
  };
}

/** A server that accepts requests and never answers (until stopped). */
export function serveHanging(): Fixture {
  const hits = new Map<string, number>();
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    fetch(req) {
      const key = new URL(req.url).pathname;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      return new Promise<Response>(() => undefined);
    },
  });
  return {
    origin: `http://127.0.0.1:${server.port}`,
    hits,
    hitsFor: (path) => hits.get(path) ?? 0,
    stop: () => server.stop(true),
  };
}

/** An origin on a port that was just released, so connections are refused. */
export function closedOrigin(): string {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const origin = `http://127.0.0.1:${server.port}`;
  server.stop(true);
  return origin;
}

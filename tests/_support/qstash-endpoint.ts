/**
 * A destination endpoint for tests and benchmarks of QStash-driven code: records every delivery, checks its
 * signature with the SDK's real `Receiver` (as our Hono verification middleware does), tracks concurrency per path
 * and answers with a per-path behaviour (default 200 "ok").
 */
import { Hono } from "hono";
import { Receiver } from "@upstash/qstash";

export interface Delivery {
  path: string;
  /** Full URL as the endpoint saw it (what the signature's `sub` must equal). */
  url: string;
  method: string;
  headers: Headers;
  body: string;
  signature: string;
  /** true, or the SignatureError message. */
  verified: true | string;
  receivedAt: number;
}

/** `nth` counts deliveries to the same path, from 0. */
export type Behaviour = (delivery: Delivery, nth: number) => Response | Promise<Response>;

export interface TestReceiver {
  url: string;
  port: number;
  deliveries: Delivery[];
  on(path: string, behaviour: Behaviour): void;
  to(path: string): Delivery[];
  /** Highest number of simultaneous requests seen on the path. */
  maxConcurrent(path: string): number;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function startTestReceiver(keys: { current: string; next: string }, port = 0): TestReceiver {
  const receiver = new Receiver({ currentSigningKey: keys.current, nextSigningKey: keys.next, devMode: false });
  const deliveries: Delivery[] = [];
  const behaviours = new Map<string, Behaviour>();
  const active = new Map<string, number>();
  const peak = new Map<string, number>();
  const byPath = new Map<string, Delivery[]>();
  const to = (path: string): Delivery[] => [...(byPath.get(path) ?? [])];

  const app = new Hono();
  app.all("*", async (c) => {
    const body = await c.req.text();
    const signature = c.req.header("upstash-signature") ?? "";
    let verified: true | string = true;
    try {
      await receiver.verify({ signature, body, url: c.req.url });
    } catch (error) {
      verified = (error as Error).message;
    }
    const path = c.req.path;
    const delivery: Delivery = {
      path,
      url: c.req.url,
      method: c.req.method,
      headers: c.req.raw.headers,
      body,
      signature,
      verified,
      receivedAt: Date.now(),
    };
    const seen = byPath.get(path) ?? [];
    byPath.set(path, seen);
    const nth = seen.length;
    seen.push(delivery);
    deliveries.push(delivery);
    const now = (active.get(path) ?? 0) + 1;
    active.set(path, now);
    peak.set(path, Math.max(peak.get(path) ?? 0, now));
    try {
      return await (behaviours.get(path) ?? (() => new Response("ok")))(delivery, nth);
    } finally {
      active.set(path, (active.get(path) ?? 1) - 1);
    }
  });
  const server = Bun.serve({ port, hostname: "127.0.0.1", fetch: app.fetch });

  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port ?? 0,
    deliveries,
    on: (path, behaviour) => void behaviours.set(path, behaviour),
    to,
    maxConcurrent: (path) => peak.get(path) ?? 0,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline)
          throw new Error(`condition not met within ${timeoutMs} ms (${deliveries.length} deliveries)`);
        await sleep(10);
      }
    },
    stop: () => server.stop(true),
  };
}

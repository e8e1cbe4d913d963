/**
 * An answer lost right after a worker stored it (evicted, deleted) is noticed by the waiting server and the
 * job published again at once (docs/answer-path.md#role-server-an-answer-lost-after-it-was-stored). Real
 * processes (dev/stack: server, worker, local QStash, the Upstash-REST bridge over a private redis-server);
 * the worker reaches Redis through a proxy that deletes the outcome key in the same transaction that stores
 * it, so the server can never read it: exactly a loss right after the store, whatever the timing.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import type { Stack } from "../../dev/stack/stack.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const path = (page: number) => `/v3_0/regions?parcellation_id=${JBA31}&page=${page}&size=9`;
const ENV = {
  SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
  SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
  SIIBRA_API_LOG: "error",
  // Every request reaches the job path: no response cache in front of it.
  SIIBRA_API_CACHE: "none",
  SIIBRA_API_REMAP_PROVIDERS:
    "https://data-proxy.ebrains.eu::http://127.0.0.1:9\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9",
};
/** Without noticing the loss the server would wait this long, then answer 503. */
const QUEUE_TIMEOUT_MS = 10_000;
const OUTCOME = "siibra-edge:outcome:";

type Losing = {
  url: string;
  /** The bridge behind it (set once the stack is up; the workers do not touch Redis before a job). */
  target: string;
  /** Whether the nth (from 0) store of the outcome of job `id` is lost. */
  lose: (id: string, nth: number) => boolean;
  /** Stores of outcomes by job id: the encoded outcome written, and whether it was lost. */
  stores: Map<string, { value: string; lost: boolean }[]>;
  stop(): void;
};

/** Upstash REST in front of the bridge: passes every call, and turns chosen outcome stores into store + DEL. */
function losingProxy(): Losing {
  const state: Losing = {
    url: "",
    target: "",
    lose: () => false,
    stores: new Map(),
    stop: () => server.stop(true),
  };
  const forward = (pathname: string, req: Request, body: string) =>
    fetch(state.target + pathname, {
      method: "POST",
      body,
      headers: {
        authorization: req.headers.get("authorization") ?? "",
        "content-type": "application/json",
        ...(req.headers.get("upstash-encoding") ? { "upstash-encoding": req.headers.get("upstash-encoding")! } : {}),
      },
    });
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      if (!state.target) return new Response("no target yet", { status: 503 });
      const pathname = new URL(req.url).pathname;
      const body = await req.text();
      const command = pathname === "/" ? (JSON.parse(body) as string[]) : [];
      // ["EVAL", script, numkeys, key…, arg…]: the outcome store writes the outcome key, then its mark.
      const key = command[0]?.toUpperCase() === "EVAL" ? command[3] : undefined;
      if (!key?.startsWith(OUTCOME)) {
        const res = await forward(pathname, req, body);
        return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
      }
      const id = key.slice(OUTCOME.length);
      const stores = state.stores.get(id) ?? [];
      state.stores.set(id, stores);
      const lost = state.lose(id, stores.length);
      stores.push({ value: command[5], lost });
      if (!lost) {
        const res = await forward(pathname, req, body);
        return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
      }
      const res = await forward("/multi-exec", req, JSON.stringify([command, ["DEL", key]]));
      const replies = (await res.json()) as unknown[];
      return Response.json(res.ok ? replies[0] : replies, { status: res.status });
    },
  });
  state.url = `http://127.0.0.1:${server.port}`;
  return state;
}

const counter = async (url: string, outcome: string) => {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const pattern = new RegExp(`^siibra_jobs_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, "gm");
  return [...metrics.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0);
};

/** The body of an encoded outcome (head line, newline, body). */
const bodyOf = (encoded: string) => encoded.slice(encoded.indexOf("\n") + 1);

let stack: Stack;
let proxy: Losing;

beforeAll(async () => {
  proxy = losingProxy();
  stack = await startStack({
    workers: 1,
    env: ENV,
    workerEnv: { UPSTASH_REDIS_REST_URL: proxy.url },
    serverEnv: { SIIBRA_API_QUEUE_TIMEOUT_MS: `core=${QUEUE_TIMEOUT_MS}` },
  });
  proxy.target = stack.bridge.url;
}, 60_000);

afterAll(async () => {
  proxy?.stop();
  await stack?.stop();
});

/** One request: its status, body and time, and what it cost in publishes and worker runs. */
async function ask(page: number) {
  const before = { published: stack.qstash.stats().published, runs: await counter(stack.workerUrls[0], "ok") };
  const started = performance.now();
  const res = await fetch(stack.serverUrl + path(page));
  const body = await res.text();
  const ms = performance.now() - started;
  await stack.qstash.waitForIdle(5_000);
  return {
    status: res.status,
    body,
    ms,
    published: stack.qstash.stats().published - before.published,
    runs: (await counter(stack.workerUrls[0], "ok")) - before.runs,
  };
}

describe("an answer lost right after the worker stored it (role server)", () => {
  test("is rebuilt and answered within a second or two, not after the queue timeout", async () => {
    // A job whose answer is kept (it also warms the worker up).
    const kept = await ask(1);
    expect({ status: kept.status, published: kept.published, runs: kept.runs }).toEqual({
      status: 200,
      published: 1,
      runs: 1,
    });

    proxy.lose = (_id, nth) => nth === 0;
    const rebuilt = await ask(2);
    expect({ status: rebuilt.status, published: rebuilt.published, runs: rebuilt.runs }).toEqual({
      status: 200,
      published: 2,
      runs: 2,
    });
    expect(rebuilt.ms).toBeLessThan(2_000);
    // The first store really was lost, the second kept, and the client got exactly what the worker stored.
    const stores = [...proxy.stores.values()].find((s) => s.length === 2);
    expect(stores?.map((s) => s.lost)).toEqual([true, false]);
    expect(rebuilt.body).toBe(bodyOf(stores?.[1].value ?? ""));
    expect(stores?.[0].value).toBe(stores?.[1].value);
    proxy.lose = () => false;
    const like = await ask(4);
    console.log(
      `lost answer rebuilt in ${rebuilt.ms.toFixed(0)} ms (a like job kept at once: ${like.ms.toFixed(0)} ms; queue timeout ${QUEUE_TIMEOUT_MS} ms)`,
    );
  }, 30_000);

  test("an answer Redis never holds is published again twice, then built by the server itself", async () => {
    const fallbacks = await counter(stack.serverUrl, "fallback");
    proxy.lose = () => true;
    const answer = await ask(3);
    expect({ status: answer.status, published: answer.published, runs: answer.runs }).toEqual({
      status: 200,
      published: 3,
      runs: 3,
    });
    expect(answer.ms).toBeLessThan(3_000);
    expect((await counter(stack.serverUrl, "fallback")) - fallbacks).toBe(1);
    const stores = [...proxy.stores.values()].find((s) => s.length === 3);
    expect(stores?.every((s) => s.lost)).toBe(true);
    expect(answer.body).toBe(bodyOf(stores?.[0].value ?? ""));
    // Nothing of it is left in Redis (the outcomes there are the three kept above); its marks expire by themselves.
    const redis = new RedisClient(stack.redis.url);
    try {
      expect(((await redis.send("KEYS", [`${OUTCOME}*`])) as string[]).length).toBe(3);
    } finally {
      redis.close();
    }
    console.log(`never-kept answer built by the server after 2 republishes in ${answer.ms.toFixed(0)} ms`);
  }, 30_000);
});

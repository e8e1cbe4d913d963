import { afterAll, describe, expect, test } from "bun:test";
import { downloadTasks } from "../../src/downloads/tasks.ts";
import { memoryTaskStore } from "../../src/downloads/task-store.ts";
import { upstashTaskStore } from "../../src/downloads/upstash-task-store.ts";
import { AppError, ShedError } from "../../src/errors.ts";
import { startBridgeFixture, TOKEN } from "../cache/redis-fixture.ts";
import type { BundleRequest } from "../../src/downloads/bundle.ts";
import type { TaskStore } from "../../src/downloads/task-store.ts";
import { FileBody } from "../../src/lib/file-body.ts";

const PARAMS = {
  space_id: "s",
  parcellation_id: null,
  region_id: null,
  feature_id: null,
  bbox: null,
  strict_mode: null,
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

/** A clock the test moves, a store on that clock, and tasks whose launcher records what it was given. */
function setup(opts: { maxBytes?: number } = {}) {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const store = memoryTaskStore({ maxBytes: opts.maxBytes ?? 1_000_000, now: clock.now });
  const launched: [string, BundleRequest][] = [];
  const tasks = downloadTasks({
    store,
    launcher: { launch: async (id, req) => void launched.push([id, req]) },
    ttlSeconds: 600,
    pendingTimeoutMs: 60_000,
    version: "9.9.9",
    now: clock.now,
  });
  const finish = async (id: string, bytes: Uint8Array) => {
    const chunks = await store.putFile(id, bytes, 600);
    await store.putRecord(
      id,
      { state: "SUCCESS", createdAt: t, filename: `f-${id}.zip`, bytes: bytes.length, chunks },
      600,
    );
  };
  return { clock, store, tasks, launched, finish };
}

describe("download tasks", () => {
  test("start records a pending task and hands the request, stamped, to the launcher", async () => {
    const { tasks, launched } = setup();
    const { task_id, status } = await tasks.start(PARAMS);
    expect(status).toBeNull();
    expect(task_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(launched).toEqual([[task_id, { ...PARAMS, version: "9.9.9", requested_at: 1_000_000 }]]);
    expect(await tasks.status(task_id)).toEqual({ task_id, status: "PENDING" });
    expect((await rejection(tasks.file(task_id))).status).toBe(404);
  });

  test("results are served until their TTL, then the task is unknown (404, so pollers stop)", async () => {
    const { tasks, finish, clock } = setup();
    const { task_id } = await tasks.start(PARAMS);
    await finish(task_id, new Uint8Array([1, 2, 3]));
    expect((await tasks.status(task_id)).status).toBe("SUCCESS");
    clock.advance(599_000);
    const file = await tasks.file(task_id);
    expect(file).toBeInstanceOf(FileBody);
    expect([...(file as FileBody).bytes]).toEqual([1, 2, 3]);
    expect(file.headers["content-disposition"]).toBe(`attachment; filename="f-${task_id}.zip"`);
    clock.advance(2_000);
    const gone = await rejection(tasks.status(task_id));
    expect([gone.status, gone.body]).toEqual([404, { detail: `Not found ${task_id}` }]);
  });

  test("a task pending past the queue's timeout is reported failed", async () => {
    const { tasks, clock } = setup();
    const { task_id } = await tasks.start(PARAMS);
    clock.advance(60_001);
    const err = await rejection(tasks.status(task_id));
    expect(err.status).toBe(500);
    expect(String(err.body.detail)).toContain("did not finish");
  });

  test("the memory store is bounded by bytes: the oldest zips go first, their tasks read as expired", async () => {
    const { tasks, finish } = setup({ maxBytes: 10 });
    const a = (await tasks.start(PARAMS)).task_id;
    const b = (await tasks.start(PARAMS)).task_id;
    await finish(a, new Uint8Array(6));
    await finish(b, new Uint8Array(6));
    expect((await rejection(tasks.status(a))).status).toBe(404);
    expect((await tasks.status(b)).status).toBe("SUCCESS");
  });
  test("a start refused by the launcher (shed) leaves no pending record behind", async () => {
    const t = 1_000_000;
    const store = memoryTaskStore({ maxBytes: 1_000_000, now: () => t });
    const ids: string[] = [];
    const tasks = downloadTasks({
      store,
      launcher: {
        launch: async (id) => {
          ids.push(id);
          if (ids.length > 1) throw new ShedError("compounds", 10);
        },
      },
      ttlSeconds: 600,
      pendingTimeoutMs: 60_000,
      version: "x",
      now: () => t,
    });
    const kept = (await tasks.start(PARAMS)).task_id;
    const refused = await tasks.start(PARAMS).catch((e) => e);
    expect(refused).toBeInstanceOf(ShedError);
    expect(await store.getRecord(ids[1])).toBeNull();
    expect((await tasks.status(kept)).status).toBe("PENDING");
  });

  test("expired records go, newer ones stay, whatever order they were rewritten in", async () => {
    let t = 0;
    const store = memoryTaskStore({ maxBytes: 1_000_000, now: () => t });
    await store.putRecord("a", { state: "PENDING", createdAt: 0 }, 10);
    await store.putRecord("b", { state: "PENDING", createdAt: 0 }, 10);
    t = 5_000;
    // "a" rewritten later (PENDING → FAILURE) lives 10 s from now; "b" expires at 10 s.
    await store.putRecord("a", { state: "FAILURE", createdAt: 0, status: 502, body: {} }, 10);
    t = 12_000;
    await store.putRecord("c", { state: "PENDING", createdAt: t }, 10);
    expect(await store.getRecord("b")).toBeNull();
    expect((await store.getRecord("a"))?.state).toBe("FAILURE");
    expect((await store.getRecord("c"))?.state).toBe("PENDING");
    t = 15_001;
    expect(await store.getRecord("a")).toBeNull();
  });

  test("a task store that cannot be reached answers 503 envelopes, never a 500", async () => {
    const down: TaskStore = {
      getRecord: async () => Promise.reject(new Error("connect ECONNREFUSED")),
      putRecord: async () => Promise.reject(new Error("connect ECONNREFUSED")),
      deleteRecord: async () => Promise.reject(new Error("connect ECONNREFUSED")),
      putFile: async () => Promise.reject(new Error("connect ECONNREFUSED")),
      getFile: async () => Promise.reject(new Error("connect ECONNREFUSED")),
    };
    const tasks = downloadTasks({
      store: down,
      launcher: { launch: async () => undefined },
      ttlSeconds: 600,
      pendingTimeoutMs: 1000,
      version: "x",
    });
    expect((await rejection(tasks.start(PARAMS))).status).toBe(503);
    const id = "00000000-0000-4000-8000-000000000000";
    expect((await rejection(tasks.status(id))).status).toBe(503);
    expect((await rejection(tasks.file(id))).status).toBe(503);
  });
});

describe("Redis task store (Upstash REST, local bridge)", () => {
  const bridge = startBridgeFixture("downloads");
  afterAll(() => bridge.cleanup());

  test("zips larger than one chunk round-trip byte for byte; a missing chunk reads as expired", async () => {
    const store: TaskStore = upstashTaskStore({ url: bridge.url, token: TOKEN, chunkBytes: 1000 });
    const id = `${bridge.prefix}${crypto.randomUUID()}`;
    const bytes = new Uint8Array(4321).map((_, i) => (i * 7) % 256);
    const chunks = await store.putFile(id, bytes, 60);
    expect(chunks).toBe(5);
    expect(await store.getFile(id, chunks)).toEqual(bytes);
    expect(await store.getFile(id, chunks + 1)).toBeNull();
    // Streamed as the server forwards it: the same bytes, chunk by chunk.
    expect(new Uint8Array(await new Response(store.openFile?.(id, chunks)).arrayBuffer())).toEqual(bytes);
    await expect(new Response(store.openFile?.(id, chunks + 1)).arrayBuffer()).rejects.toThrow(/chunk 5/);
    await store.putRecord(id, { state: "PENDING", createdAt: 5 }, 60);
    expect(await store.getRecord(id)).toEqual({ state: "PENDING", createdAt: 5 });
    expect(await store.getRecord(`${id}-other`)).toBeNull();
  });
});

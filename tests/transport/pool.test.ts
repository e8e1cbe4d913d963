import { describe, expect, test } from "bun:test";
import { poolTransport } from "../../src/transport/pool.ts";
import { inlineTransport } from "../../src/transport/inline.ts";
import { parsePayload } from "../../src/transport/runner.ts";
import { listFeatureTypes, listFeatures } from "../../jobs/features.ts";
import { listAtlases } from "../../jobs/atlases.ts";
import { FileBody } from "../../src/lib/file-body.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { AppError } from "../../src/errors.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { CONFIG_DIR, VOCAB_DIR, testApp } from "../_support/app.ts";
import type { PoolOptions } from "../../src/transport/pool.ts";
import type { Transport } from "../../src/transport/transport.ts";
import type { HeldAnswer } from "../../src/transport/answer.ts";
import type { ThreadData } from "../../src/pool-thread.ts";
import { counted } from "../_support/counted-transport.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const threadData: ThreadData = {
  // The thread's knowledge graph cannot answer in 1 ms: its datasets come ids-only, as a failed source.
  env: { SIIBRA_API_LOG: "silent", SIIBRA_API_KG_TIMEOUT_MS: "1", SIIBRA_API_CACHE: "none" },
  configDir: CONFIG_DIR,
  vocabDir: VOCAB_DIR,
};
/** A parsed `features.list` payload (transports take payloads the pipeline already parsed). */
const features = (region: string, opts: { page?: number; type?: string } = {}) =>
  parsePayload(listFeatures, {
    route: "Tabular",
    parcellation_id: JBA31,
    region_id: region,
    type: opts.type ?? null,
    page: opts.page ?? 1,
    size: 50,
  });

const { services } = await testApp();
/** In this process the datasets are ids-only as a steady state (no knowledge graph configured): never partial. */
const inline = inlineTransport(services);
const poolOf = (opts: Partial<PoolOptions> = {}) =>
  poolTransport({
    threadUrl: new URL("../../src/pool-thread.ts", import.meta.url),
    threadData,
    threads: 1,
    queues: new Set(["features"]),
    perQueue: { features: 1 },
    inline,
    logger: consoleLogger("silent"),
    ...opts,
  });

const viaInline = counted(inline);
const pool = poolOf({ inline: viaInline });
const text = (answer: unknown) => (answer as RawJson).text;

describe("poolTransport", () => {
  test("pooled jobs run on a thread and answer the bytes the inline transport gives; errors keep their status", async () => {
    const viaPool = await pool.execute(listFeatures, features("hOc1"), "");
    expect(viaPool).toBeInstanceOf(RawJson);
    expect(viaInline.ran).toEqual([]);
    expect(pool.stats().threads).toBe(1);
    expect(text(viaPool)).toBe(text(await inline.execute(listFeatures, features("hOc1"), "")));
    const bad = { ...features("hOc1"), parcellation_id: "no such thing" };
    const err = await pool.execute(listFeatures, bad, "").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
  }, 60_000);

  test("the partial flag of the thread's run comes back with its answer", async () => {
    // Tabular features cite knowledge-graph datasets, which the thread could not read: partial.
    const partial = await pool.execute(listFeatures, features("hOc1", { type: "Tabular" }), "");
    expect(partial.partial).toBe(true);
    // The same bytes in this process, where ids-only datasets are as good as they get: whole.
    const here = await inline.execute(listFeatures, features("hOc1", { type: "Tabular" }), "");
    expect(here.partial).toBe(false);
    expect(text(partial)).toBe(text(here));
    // No image features in the region: nothing was looked up, so the same thread answers whole.
    const whole = await pool.execute(listFeatures, features("hOc1", { type: "Image" }), "");
    expect(whole).toBeInstanceOf(RawJson);
    expect(whole.partial).toBe(false);
    expect(viaInline.ran).toEqual([]);
  }, 60_000);

  test("at most the per-queue bound runs at once; other queues and immutable jobs stay inline", async () => {
    const runs = [1, 2, 3].map((page) => pool.execute(listFeatures, features("Area 44 (IFG)", { page }), ""));
    await Bun.sleep(0);
    expect(pool.stats().running.features).toBe(1);
    await Promise.all(runs);
    expect(pool.stats().running.features).toBe(0);
    expect(viaInline.ran).toEqual([]);
    const atlases = await pool.execute(listAtlases, parsePayload(listAtlases, { page: 1, size: 50 }), "");
    const types = await pool.execute(listFeatureTypes, parsePayload(listFeatureTypes, { page: 1, size: 50 }), "");
    expect(viaInline.ran).toEqual([listAtlases.name, listFeatureTypes.name]);
    expect(text(atlases)).toBe(text(await inline.execute(listAtlases, { page: 1, size: 50 }, "")));
    expect(types).toBeInstanceOf(RawJson);
    expect(pool.stats().threads).toBe(1);
  }, 60_000);

  test("a thread that cannot start sends its jobs back inline", async () => {
    const viaFallback = counted(inline);
    const broken = poolOf({ threadUrl: new URL("../jobs/no-such-thread.ts", import.meta.url), inline: viaFallback });
    const result = await broken.execute(listFeatures, features("hOc1"), "");
    expect(text(result)).toBe(text(await inline.execute(listFeatures, features("hOc1"), "")));
    expect(viaFallback.ran).toEqual([listFeatures.name]);
    expect(broken.stats().broken).toBe(true);
  }, 60_000);
});

/**
 * A thread answering as src/pool-thread.ts does, without a configuration: a file with its bytes
 * transferred, flagged partial; it exits in the middle of a job asking for page 13.
 */
const STUB_THREAD = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, payload }) => {
  if (payload.page === 13) process.exit(3);
  const file = new Uint8Array([1, 2, 3, payload.page]);
  parentPort.postMessage({ id, file, contentType: "x/y", headers: { a: "b" }, partial: true }, [file.buffer]);
});`;

describe("poolTransport with a thread that dies", () => {
  test("a file reply keeps its bytes, headers and partial flag; a thread that dies mid-job sends it back inline", async () => {
    const viaFallback = counted(inline);
    const dying = poolOf({
      threadUrl: new URL(`data:text/javascript,${encodeURIComponent(STUB_THREAD)}`),
      perQueue: { features: 2 },
      inline: viaFallback,
    });
    const file = await dying.execute(listFeatures, features("hOc1", { page: 7 }), "");
    expect(file).toBeInstanceOf(FileBody);
    expect(file).toMatchObject({ contentType: "x/y", headers: { a: "b" }, partial: true });
    expect([...(file as FileBody).bytes]).toEqual([1, 2, 3, 7]);
    expect(viaFallback.ran).toEqual([]);

    const rescued = await dying.execute(listFeatures, features("hOc1", { page: 13 }), "");
    expect(viaFallback.ran).toEqual([listFeatures.name]);
    expect(rescued).toBeInstanceOf(RawJson);
    expect(text(rescued)).toBe(text(await inline.execute(listFeatures, features("hOc1", { page: 13 }), "")));
    expect(dying.stats().broken).toBe(true);
    // Once broken, the following jobs run inline without waiting for a thread.
    await dying.execute(listFeatures, features("hOc1", { page: 7 }), "");
    expect(viaFallback.ran).toEqual([listFeatures.name, listFeatures.name]);
  }, 60_000);
});

describe("job threads that fail while jobs wait or run", () => {
  const echo: Transport<HeldAnswer> = { execute: async (_job, parsed) => new RawJson(JSON.stringify(parsed)) };
  // A stand-in thread: `die: 1` exits at once, `die: 2` exits 100 ms after taking its job.
  const STUB = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ payload }) => {
  if (payload.die === 1) process.exit(3);
  if (payload.die === 2) setTimeout(() => process.exit(3), 100);
});`;
  const within = <T>(p: Promise<T>) => Promise.race([p, Bun.sleep(3_000).then(() => "no answer")]);
  const logger = consoleLogger("silent");

  test("a job waiting for its queue's turn when the thread fails runs inline and frees the turn", async () => {
    const threadUrl = new URL("file:///no-such-thread.ts");
    const failing = poolTransport({
      threadUrl,
      threadData: null,
      threads: 1,
      queues: new Set(["features"]),
      perQueue: { features: 1 },
      inline: echo,
      logger,
    });
    const a = failing.execute(listFeatures, { n: 1 }, "a");
    const b = failing.execute(listFeatures, { n: 2 }, "b");
    expect(text(await within(a))).toBe('{"n":1}');
    expect(text(await within(b))).toBe('{"n":2}');
    expect(failing.stats().running.features).toBe(0);
  });

  test("each thread that dies hands its own jobs back inline, not only the first", async () => {
    const threadUrl = new URL(`data:text/javascript,${encodeURIComponent(STUB)}`);
    const dying = poolTransport({
      threadUrl,
      threadData: null,
      threads: 2,
      queues: new Set(["features"]),
      perQueue: { features: 2 },
      inline: echo,
      logger,
    });
    const a = dying.execute(listFeatures, { die: 1 }, "a");
    const b = dying.execute(listFeatures, { die: 2 }, "b");
    expect(text(await within(a))).toBe('{"die":1}');
    expect(text(await within(b))).toBe('{"die":2}');
  });
});

import { describe, expect, test } from "bun:test";
import { poolRunner } from "../../src/transport/pool.ts";
import { memoRunner } from "../../src/transport/memo-runner.ts";
import { listFeatures } from "../../jobs/features.ts";
import { listAtlases } from "../../jobs/atlases.ts";
import { RawJson } from "../../src/lib/raw-json.ts";
import { AppError } from "../../src/errors.ts";
import { consoleLogger } from "../../src/lib/logger.ts";
import { CONFIG_DIR, VOCAB_DIR, testApp } from "../_support/app.ts";
import type { ThreadData } from "../../src/pool-thread.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const threadData: ThreadData = {
  // The thread has no knowledge-graph access in tests: unreachable host, ids-only datasets.
  env: { SIIBRA_API_LOG: "silent", SIIBRA_API_KG_TIMEOUT_MS: "1", SIIBRA_API_CACHE: "none" },
  configDir: CONFIG_DIR,
  vocabDir: VOCAB_DIR,
};
const payload = (region: string, page = 1) => ({
  route: "Tabular" as const,
  parcellation_id: JBA31,
  region_id: region,
  type: null,
  page,
  size: 50,
});

const { services } = await testApp();
const inline = memoRunner(services, { maxBytes: 1 << 20 });
const pool = poolRunner({
  threadUrl: new URL("../../src/pool-thread.ts", import.meta.url),
  threadData,
  threads: 1,
  queues: new Set(["features"]),
  perQueue: { features: 1 },
  inline,
  logger: consoleLogger("silent"),
});

describe("poolRunner", () => {
  test("pooled jobs answer the bytes the inline runner gives; errors keep their status", async () => {
    const viaPool = await pool.run(listFeatures, payload("hOc1"));
    expect(viaPool).toBeInstanceOf(RawJson);
    const direct = await inline.run(listFeatures, payload("hOc1"));
    const ids = (v: unknown) =>
      (JSON.parse(v instanceof RawJson ? v.text : JSON.stringify(v)) as { items: { id: string }[] }).items.map(
        (i) => i.id,
      );
    expect(ids(viaPool)).toEqual(ids(direct));
    expect(pool.stats().threads).toBe(1);
    const err = await pool.run(listFeatures, { ...payload("hOc1"), parcellation_id: "no such thing" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
  }, 60_000);

  test("at most the per-queue bound runs at once; other queues and immutable jobs stay inline", async () => {
    const runs = [1, 2, 3].map((page) => pool.run(listFeatures, payload("Area 44 (IFG)", page)));
    await Bun.sleep(0);
    expect(pool.stats().running.features).toBe(1);
    await Promise.all(runs);
    expect(pool.stats().running.features).toBe(0);
    const atlases = await pool.run(listAtlases, { page: 1, size: 50 });
    expect(atlases).toEqual(await inline.run(listAtlases, { page: 1, size: 50 }));
    expect(pool.stats().threads).toBe(1);
  }, 60_000);

  test("a thread that cannot start sends its jobs back inline", async () => {
    const broken = poolRunner({
      threadUrl: new URL("../jobs/no-such-thread.ts", import.meta.url),
      threadData,
      threads: 1,
      queues: new Set(["features"]),
      perQueue: { features: 2 },
      inline,
      logger: consoleLogger("silent"),
    });
    const result = await broken.run(listFeatures, payload("hOc1"));
    expect(result).toEqual(await inline.run(listFeatures, payload("hOc1")));
    expect(broken.stats().broken).toBe(true);
  }, 60_000);
});

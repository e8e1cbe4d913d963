import { describe, expect, test } from "bun:test";
import { memoryBudget } from "../../src/config/memory-budget.ts";
import { parseEnv } from "../../src/env.ts";

const MB = 1024 * 1024;

describe("memoryBudget", () => {
  test("unset stores share the budget 8 : 4 : 2 : 2 (data cache, kept answers, responses, zips)", () => {
    const b = memoryBudget(384);
    expect(b).toEqual({
      dataCacheBytes: 192 * MB,
      keepBytes: 96 * MB,
      responseCacheBytes: 48 * MB,
      responseCacheEntries: 3072, // 48 MB at 16 KiB an entry
      downloadMemoryBytes: 48 * MB,
    });
    const sum = b.dataCacheBytes + b.keepBytes + b.responseCacheBytes + b.downloadMemoryBytes;
    expect(sum).toBe(384 * MB);
  });

  test("a store set explicitly keeps its size; the others share what is left", () => {
    const b = memoryBudget(400, { dataCacheMb: 100 });
    expect(b.dataCacheBytes).toBe(100 * MB);
    // 300 MB left for weights 4 : 2 : 2.
    expect([b.keepBytes, b.responseCacheBytes, b.downloadMemoryBytes]).toEqual([150 * MB, 75 * MB, 75 * MB]);
  });

  test("explicit response-cache entries fix its entry bound and take 16 KiB each off the budget", () => {
    const b = memoryBudget(100, { responseCacheEntries: 640, keepMb: 0 });
    expect([b.responseCacheEntries, b.responseCacheBytes, b.keepBytes]).toEqual([640, 10 * MB, 0]);
    // 90 MB left for weights 8 : 2.
    expect([b.dataCacheBytes, b.downloadMemoryBytes]).toEqual([72 * MB, 18 * MB]);
  });

  test("stores the deployment does not use get nothing and leave their share to the others", () => {
    const b = memoryBudget(360, {}, ["responseCache", "downloadMemory"]);
    expect(b).toEqual({
      dataCacheBytes: 240 * MB,
      keepBytes: 120 * MB,
      responseCacheBytes: 0,
      responseCacheEntries: 0,
      downloadMemoryBytes: 0,
    });
  });

  test("explicit sizes beyond the budget leave the derived stores nothing, never a negative size", () => {
    const b = memoryBudget(100, { dataCacheMb: 300 });
    expect([b.dataCacheBytes, b.keepBytes, b.responseCacheBytes, b.downloadMemoryBytes]).toEqual([300 * MB, 0, 0, 0]);
  });
});

describe("SIIBRA_API_MEMORY_MB and which store sizes were set", () => {
  test("default 384; nothing set explicitly", () => {
    const env = parseEnv({});
    expect(env.SIIBRA_API_MEMORY_MB).toBe(384);
    expect(env.storeSizes).toEqual({
      dataCacheMb: undefined,
      keepMb: undefined,
      responseCacheEntries: undefined,
      downloadMemoryMb: undefined,
    });
  });

  test("each store variable given is recorded", () => {
    const env = parseEnv({
      SIIBRA_API_MEMORY_MB: "1024",
      SIIBRA_API_DATA_CACHE_MB: "300",
      SIIBRA_API_KEEP_MB: "0",
      SIIBRA_API_CACHE_MAX_ENTRIES: "100",
      SIIBRA_API_DOWNLOAD_MEMORY_MB: "5",
    });
    expect(env.SIIBRA_API_MEMORY_MB).toBe(1024);
    expect(env.storeSizes).toEqual({ dataCacheMb: 300, keepMb: 0, responseCacheEntries: 100, downloadMemoryMb: 5 });
  });

  test("a budget of zero or a non-number is refused, naming the variable", () => {
    expect(() => parseEnv({ SIIBRA_API_MEMORY_MB: "0" })).toThrow("invalid environment variable SIIBRA_API_MEMORY_MB");
    expect(() => parseEnv({ SIIBRA_API_MEMORY_MB: "lots" })).toThrow("SIIBRA_API_MEMORY_MB");
  });
});

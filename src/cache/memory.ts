import type { ResponseCache } from "./types.ts";

export type MemoryCacheOptions = {
  maxEntries?: number;
  /** Budget for keys plus values, counted in UTF-16 code units (stored bodies are ASCII base64). */
  maxBytes?: number;
  /** Clock in ms; tests inject one to expire entries without sleeping. */
  now?: () => number;
};

type Entry = { value: string; size: number; expiresAt: number };

/**
 * Bounded in-process LRU, the default without Redis. A `Map` iterates in insertion order, so
 * re-inserting on every hit keeps the least recently used entry first.
 */
export function memoryCache(options: MemoryCacheOptions = {}): ResponseCache {
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
  }

  return {
    encoding: "plain",
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      remove(key);
      if (entry.expiresAt <= now()) return null;
      entries.set(key, entry);
      bytes += entry.size;
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      remove(key);
      const size = key.length + value.length;
      // One oversized body must not flush the whole cache.
      if (size > maxBytes || maxEntries <= 0) return;
      const expiresAt = ttlSeconds && ttlSeconds > 0 ? now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY;
      entries.set(key, { value, size, expiresAt });
      bytes += size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldest);
      }
    },
  };
}

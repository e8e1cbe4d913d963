/**
 * One memory budget (`SIIBRA_API_MEMORY_MB`) divided between the in-process stores that grow with
 * traffic, so an operator sizes one number to the machine instead of four that silently add up.
 * A store whose own variable is set keeps that size, taken off the budget first; the stores left
 * share the rest by weight. A store the deployment does not use (response cache in Redis, zips on
 * disk) gets nothing and leaves its share to the others.
 */

export type Store = "dataCache" | "keep" | "responseCache" | "downloadMemory";

/** Sizes set explicitly by their own variables (undefined: derive from the budget). */
export type StoreSizes = {
  /** `SIIBRA_API_DATA_CACHE_MB`: decoded remote data. */
  dataCacheMb?: number;
  /** `SIIBRA_API_KEEP_MB`: job answers kept in the process (the keep layer of role `all`). */
  keepMb?: number;
  /** `SIIBRA_API_CACHE_MAX_ENTRIES`: the in-memory response cache, counted in entries. */
  responseCacheEntries?: number;
  /** `SIIBRA_API_DOWNLOAD_MEMORY_MB`: finished zips held in the process (no cache directory). */
  downloadMemoryMb?: number;
};

export type MemoryBudget = {
  dataCacheBytes: number;
  keepBytes: number;
  responseCacheBytes: number;
  responseCacheEntries: number;
  downloadMemoryBytes: number;
};

/**
 * Relative shares: decoded volumes and matrices are the largest reusable data, answers and pages
 * come next; zips are only held in memory where there is no disk.
 */
export const STORE_WEIGHTS: Readonly<Record<Store, number>> = {
  dataCache: 8,
  keep: 4,
  responseCache: 2,
  downloadMemory: 2,
};

/** What one response-cache entry is taken to weigh (5,000 entries were 64 MB before the budget). */
export const RESPONSE_ENTRY_BYTES = 16 * 1024;

const MB = 1024 * 1024;

export function memoryBudget(totalMb: number, explicit: StoreSizes = {}, unused: readonly Store[] = []): MemoryBudget {
  const fixed: Partial<Record<Store, number>> = {
    dataCache: mbBytes(explicit.dataCacheMb),
    keep: mbBytes(explicit.keepMb),
    responseCache:
      explicit.responseCacheEntries === undefined ? undefined : explicit.responseCacheEntries * RESPONSE_ENTRY_BYTES,
    downloadMemory: mbBytes(explicit.downloadMemoryMb),
  };
  const stores = Object.keys(STORE_WEIGHTS) as Store[];
  const derived = stores.filter((s) => fixed[s] === undefined && !unused.includes(s));
  const taken = stores.reduce((sum, s) => sum + (unused.includes(s) ? 0 : (fixed[s] ?? 0)), 0);
  const rest = Math.max(0, totalMb * MB - taken);
  const weights = derived.reduce((sum, s) => sum + STORE_WEIGHTS[s], 0);
  const bytes = (s: Store): number => {
    if (fixed[s] !== undefined) return fixed[s];
    if (unused.includes(s)) return 0;
    return Math.floor((rest * STORE_WEIGHTS[s]) / weights);
  };
  const responseCacheBytes = bytes("responseCache");
  return {
    dataCacheBytes: bytes("dataCache"),
    keepBytes: bytes("keep"),
    responseCacheBytes,
    responseCacheEntries: explicit.responseCacheEntries ?? Math.floor(responseCacheBytes / RESPONSE_ENTRY_BYTES),
    downloadMemoryBytes: bytes("downloadMemory"),
  };
}

function mbBytes(mb: number | undefined): number | undefined {
  return mb === undefined ? undefined : mb * MB;
}

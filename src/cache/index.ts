export type { CacheErrorHandler, ResponseCache } from "./types.ts";
export { memoryCache } from "./memory.ts";
export type { MemoryCacheOptions } from "./memory.ts";
export { noCache } from "./none.ts";
export { upstashCache } from "./upstash.ts";
export type { UpstashCacheOptions } from "./upstash.ts";

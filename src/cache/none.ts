import type { ResponseCache } from "./types.ts";

/** Caching disabled (upstream: env `CI` set, or Redis unreachable at startup). */
export function noCache(): ResponseCache {
  return {
    disabled: true,
    get: async () => null,
    set: async () => {},
  };
}

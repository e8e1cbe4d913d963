import { ByteLru } from "../lib/byte-lru.ts";
import { canonical } from "./job-key.ts";
import { answerBytes } from "./answer.ts";
import type { Answer } from "./answer.ts";
import type { Keep } from "./keep.ts";

type Kept = { answer: Answer; expires: number };

/** Per-entry overhead beyond the bytes of key and answer (objects, map slot), roughly. */
const ENTRY_OVERHEAD = 128;

/**
 * Role `all`'s keep layer: answers in a byte-bounded LRU, each with its expiry. The data version is
 * fixed for the life of the process, so keys are job name + canonical payload.
 */
export function memoryKeep(opts: { maxBytes: number; now?: () => number }): Keep & { readonly held: number } {
  const now = opts.now ?? Date.now;
  const lru = new ByteLru(opts.maxBytes);

  const peek = (key: string): Answer | undefined => {
    const hit = lru.get<Kept>(key);
    if (!hit) return undefined;
    if (hit.expires > now()) return hit.answer;
    lru.delete(key);
    return undefined;
  };

  return {
    get held() {
      return lru.size;
    },
    keyOf: (job, parsed) => `${job.name}\n${canonical(parsed)}`,
    peek,
    get: async (key) => peek(key) ?? null,
    async set(key, answer, ttlMs) {
      if (ttlMs <= 0) return;
      // Two bytes per UTF-16 code unit of the key; an answer larger than the whole budget is not kept.
      lru.set(key, { answer, expires: now() + ttlMs }, answerBytes(answer) + key.length * 2 + ENTRY_OVERHEAD);
    },
  };
}

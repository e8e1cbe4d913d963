/** A hex md5 of the UTF-8 bytes of a string. */
export type Md5 = (text: string) => string;

// Bun's native one-shot hasher where there is one: node:crypto costs ~30 ms of cold start to load on
// Bun, and a hash object per call is slow until warm (region trees hash thousands of names when
// first built, on the first visitor's chain). Other runtimes' entries supply theirs (`useMd5`).
const bun = (globalThis as { Bun?: typeof Bun }).Bun;
let md5: Md5 | null = bun ? (text) => bun.CryptoHasher.hash("md5", text, "hex") : null;

/** Set by an entry whose runtime is not Bun (the Workers entry passes node:crypto's). */
export function useMd5(impl: Md5): void {
  md5 = impl;
}

/** Hex md5 of the UTF-8 bytes of `text`. */
export function md5Hex(text: string): string {
  if (!md5) throw new Error("no md5 implementation: the entry must call useMd5()");
  return md5(text);
}

/**
 * A cache of decoded remote data bounded by bytes, not entries: one connectivity matrix or one volume
 * can weigh as much as thousands of small tables. Concurrent loads of the same key share one promise;
 * failed loads are not kept (the remote layer remembers failures on its own, for a short while).
 */
import { Lru } from "./lru.ts";

export type Sized<V> = { value: V; bytes: number };

export class ByteLru {
  private readonly entries: Lru<unknown>;
  private readonly loading = new Map<string, Promise<Sized<unknown>>>();

  constructor(readonly maxBytes: number) {
    this.entries = new Lru(maxBytes);
  }

  /** Bytes held now (at most `maxBytes`). */
  get size(): number {
    return this.entries.weight;
  }

  get count(): number {
    return this.entries.count;
  }

  get<V>(key: string): V | undefined {
    return this.entries.get(key) as V | undefined;
  }

  /** An entry larger than the whole budget is not kept: holding it would evict everything else. */
  set<V>(key: string, value: V, bytes: number): void {
    this.entries.set(key, value, bytes);
  }

  /** Drops every entry (benchmarks measure cold loads in a warmed-up process this way). */
  clear(): void {
    this.entries.clear();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** The cached value, or the result of `load` (shared by concurrent callers, kept when it resolves). */
  async getOrLoad<V>(key: string, load: () => Promise<Sized<V>>): Promise<V> {
    const hit = this.get<V>(key);
    if (hit !== undefined) return hit;
    let pending = this.loading.get(key) as Promise<Sized<V>> | undefined;
    if (!pending) {
      pending = load().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
      pending.then((r) => this.set(key, r.value, r.bytes)).catch(() => undefined);
    }
    return (await pending).value;
  }
}

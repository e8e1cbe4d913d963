/**
 * A cache of decoded remote data bounded by bytes, not entries: one connectivity matrix or one volume
 * can weigh as much as thousands of small tables. Concurrent loads of the same key share one promise;
 * failed loads are not kept (the remote layer remembers failures on its own, for a short while).
 */
export type Sized<V> = { value: V; bytes: number };

export class ByteLru {
  private readonly entries = new Map<string, Sized<unknown>>();
  private readonly loading = new Map<string, Promise<Sized<unknown>>>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now (at most `maxBytes`, except for the single newest entry if it alone is larger). */
  get size(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  get<V>(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Map order is insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value as V;
  }

  set<V>(key: string, value: V, bytes: number): void {
    this.delete(key);
    // An entry larger than the whole budget is not kept: holding it would evict everything else.
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
  }

  /** Drops every entry (benchmarks measure cold loads in a warmed-up process this way). */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  delete(key: string): void {
    const hit = this.entries.get(key);
    if (!hit) return;
    this.entries.delete(key);
    this.total -= hit.bytes;
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

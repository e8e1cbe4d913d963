import type { Result, Router } from "hono/router";

/**
 * A router that remembers its answers per method and path. PatternRouter (needed for ids spanning
 * `/`) tests every route's regular expression on every request, which was a third of the cost of a
 * core request; clients repeat the same few hundred paths. Results are read-only to Hono, so sharing
 * them is safe. Bounded: the oldest entry goes when full.
 */
export class MemoRouter<T> implements Router<T> {
  readonly name: string;
  private readonly memo = new Map<string, Result<T>>();

  constructor(
    private readonly inner: Router<T>,
    private readonly maxEntries = 4096,
  ) {
    this.name = `Memo(${inner.name})`;
  }

  add(method: string, path: string, handler: T): void {
    this.memo.clear();
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const result = this.inner.match(method, path);
    if (this.memo.size >= this.maxEntries) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(key, result);
    return result;
  }
}

import { Lru } from "../../lib/lru.ts";
import type { Result, Router } from "hono/router";

/**
 * A router that remembers its answers per method and path. PatternRouter (needed for ids spanning
 * `/`) tests every route's regular expression on every request, which was a third of the cost of a
 * core request; clients repeat the same few hundred paths. Results are read-only to Hono, so sharing
 * them is safe. Bounded by bytes, least recently used first: paths are request input, and a region id
 * in a path can be as long as the server's header limit allows.
 */
export class MemoRouter<T> implements Router<T> {
  readonly name: string;
  private readonly memo: Lru<Result<T>>;

  constructor(
    private readonly inner: Router<T>,
    maxBytes = 4 * 1024 * 1024,
  ) {
    this.memo = new Lru(maxBytes);
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
    // The key, the matched parameters (slices of the path) and the result's arrays.
    this.memo.set(key, result, key.length * 4 + 256);
    return result;
  }
}

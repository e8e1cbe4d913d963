/** fastapi-pagination's `Page`: keys in upstream order; `pages` is 0 for an empty list. */
export type Page<T> = { items: T[]; total: number; page: number; size: number; pages: number };

export function paginate<T>(all: readonly T[], page: number, size: number): Page<T> {
  const start = (page - 1) * size;
  return {
    items: all.slice(start, start + size),
    total: all.length,
    page,
    size,
    pages: Math.ceil(all.length / size),
  };
}

/** The trailing uuid of a KG id or URI (upstream: `re.search(r"([a-f0-9-]+)$", id)`). */
export function kgUuid(id: string): string | null {
  return /([a-f0-9-]+)$/.exec(id)?.[1] ?? null;
}

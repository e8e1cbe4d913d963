/**
 * Fragment names of `neuroglancer/precompmesh/surface` meshes, which live on the neuroglancer host,
 * not in the configuration. siibra 0.4 (`NeuroglancerSurfaceMesh.fragments`) reads `<url>/info`, takes
 * its `mesh` key and lists the `fragments` of `<url>/<mesh>/<label>:0`; when that request fails it
 * lists none (the `fragments` object then has no `mesh` key), which is also what we answer whenever
 * the host cannot be had in the time budget, or answers something that is not a mesh index.
 * Upstream returns the names as a set; we sort them (docs/decisions.md#deterministic-order).
 */
import { RemoteUnavailableError } from "../lib/remote.ts";
import type { RemoteFetcher } from "../lib/remote.ts";

/** A document, or null and whether the host could not be had (down or too slow: it may come later). */
export type DocLookup<T> = { value: T | null; unavailable: boolean };

/** JSON documents by URL that never reject (null when unavailable). */
export type JsonDocs = {
  get<T>(url: string, parse: (doc: unknown) => T): Promise<T | null>;
  lookup<T>(url: string, parse: (doc: unknown) => T): Promise<DocLookup<T>>;
};

type Entry = { ok: true; value: unknown } | { ok: false; until: number; unavailable: boolean };

/** The host answered, just not with a usable document (a 4xx, a body that is not one): a steady state. */
const answered = (err: unknown) =>
  !(err instanceof RemoteUnavailableError) ||
  err.kind === "body" ||
  (err.kind === "http" && err.httpStatus !== null && err.httpStatus < 500);

/**
 * Documents through the remote fetcher (which already remembers unreachable hosts, per host): successes
 * kept for the process lifetime, failures for `failureTtlMs`, concurrent look-ups of a URL shared.
 */
export function jsonDocs(
  fetcher: RemoteFetcher,
  opts: { timeoutMs: number; failureTtlMs?: number; now?: () => number },
): JsonDocs {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<DocLookup<unknown>>>();
  const load = async <T>(url: string, parse: (doc: unknown) => T): Promise<DocLookup<T>> => {
    let raw: unknown;
    try {
      raw = await fetcher.json(url, { timeoutMs: opts.timeoutMs });
    } catch (err) {
      const unavailable = !answered(err);
      cache.set(url, { ok: false, until: now() + (opts.failureTtlMs ?? 60_000), unavailable });
      return { value: null, unavailable };
    }
    try {
      const value = parse(raw);
      cache.set(url, { ok: true, value });
      return { value, unavailable: false };
    } catch {
      cache.set(url, { ok: false, until: now() + (opts.failureTtlMs ?? 60_000), unavailable: false });
      return { value: null, unavailable: false };
    }
  };
  async function lookup<T>(url: string, parse: (doc: unknown) => T): Promise<DocLookup<T>> {
    const hit = cache.get(url);
    if (hit?.ok) return { value: hit.value as T, unavailable: false };
    if (hit && now() < hit.until) return { value: null, unavailable: hit.unavailable };
    let pending = inflight.get(url);
    if (!pending) {
      pending = load(url, parse).finally(() => inflight.delete(url));
      inflight.set(url, pending);
    }
    return (await pending) as DocLookup<T>;
  }
  return { lookup, get: async (url, parse) => (await lookup(url, parse)).value };
}

export type MeshFragments = {
  /** Names for a provider value `"<url> <label>"`; [] when the host cannot tell. */
  names(spec: string): Promise<string[]>;
  /** The same, saying whether the host could not be had (down or too slow: the names may come once it is back). */
  namesDetailed?(spec: string): Promise<{ names: string[]; failed: boolean }>;
};

/** No network: what upstream degrades to when the neuroglancer host is unreachable. */
export const NO_MESH_FRAGMENTS: MeshFragments = { names: async () => [] };

export function meshFragments(docs: JsonDocs): MeshFragments {
  async function namesDetailed(spec: string): Promise<{ names: string[]; failed: boolean }> {
    const [url, label] = spec.split(" ");
    // Not a mesh spec: nothing to read, nothing that could improve.
    if (!url || !label || !/^\d+$/.test(label)) return { names: [], failed: false };
    const mesh = await docs.lookup(`${url}/info`, meshKey);
    if (mesh.value === null) return { names: [], failed: mesh.unavailable };
    const names = await docs.lookup(`${url}/${mesh.value}/${label}:0`, fragmentList);
    return { names: names.value ?? [], failed: names.unavailable };
  }
  return { namesDetailed, names: async (spec) => (await namesDetailed(spec)).names };
}

function meshKey(doc: unknown): string {
  const mesh = (doc as { mesh?: unknown } | null)?.mesh;
  // The key names a sub-directory; anything else would make us request an unrelated path.
  if (typeof mesh !== "string" || mesh === "" || mesh.includes("..")) throw new Error("info has no mesh key");
  return mesh;
}

function fragmentList(doc: unknown): string[] {
  const fragments = (doc as { fragments?: unknown } | null)?.fragments;
  if (!Array.isArray(fragments) || !fragments.every((f) => typeof f === "string")) {
    throw new Error("mesh index has no fragment list");
  }
  return [...new Set(fragments)].sort();
}

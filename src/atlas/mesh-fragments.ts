/**
 * Fragment names of `neuroglancer/precompmesh/surface` meshes, which live on the neuroglancer host,
 * not in the configuration. siibra 0.4 (`NeuroglancerSurfaceMesh.fragments`) reads `<url>/info`, takes
 * its `mesh` key and lists the `fragments` of `<url>/<mesh>/<label>:0`; when that request fails it
 * lists none (the `fragments` object then has no `mesh` key), which is also what we answer whenever
 * the host cannot be had in the time budget, or answers something that is not a mesh index.
 * Upstream returns the names as a set; we sort them (decision 4).
 */
import type { RemoteFetcher } from "../lib/remote.ts";

/** JSON documents by URL that never reject (null when unavailable). */
export type JsonDocs = { get<T>(url: string, parse: (doc: unknown) => T): Promise<T | null> };

type Entry = { ok: true; value: unknown } | { ok: false; until: number };

/**
 * Documents through the remote fetcher (which already remembers unreachable hosts, per host): successes
 * kept for the process lifetime, failures for `failureTtlMs`, concurrent look-ups of a URL shared. The
 * URLs come from the configuration's mesh providers (and the mesh key their host names), never from a
 * request, so the map is bounded by the configuration.
 */
export function jsonDocs(
  fetcher: RemoteFetcher,
  opts: { timeoutMs: number; failureTtlMs?: number; now?: () => number },
): JsonDocs {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const inflight = new Map<string, Promise<unknown>>();
  const load = async <T>(url: string, parse: (doc: unknown) => T): Promise<T | null> => {
    try {
      const value = parse(await fetcher.json(url, { timeoutMs: opts.timeoutMs }));
      cache.set(url, { ok: true, value });
      return value;
    } catch {
      cache.set(url, { ok: false, until: now() + (opts.failureTtlMs ?? 60_000) });
      return null;
    }
  };
  return {
    async get<T>(url: string, parse: (doc: unknown) => T): Promise<T | null> {
      const hit = cache.get(url);
      if (hit?.ok) return hit.value as T;
      if (hit && now() < hit.until) return null;
      let pending = inflight.get(url);
      if (!pending) {
        pending = load(url, parse).finally(() => inflight.delete(url));
        inflight.set(url, pending);
      }
      return (await pending) as T | null;
    },
  };
}

export type MeshFragments = {
  /** Names for a provider value `"<url> <label>"`; [] when the host cannot tell. */
  names(spec: string): Promise<string[]>;
};

/** No network: what upstream degrades to when the neuroglancer host is unreachable. */
export const NO_MESH_FRAGMENTS: MeshFragments = { names: async () => [] };

export function meshFragments(docs: JsonDocs): MeshFragments {
  return {
    async names(spec) {
      const [url, label] = spec.split(" ");
      if (!url || !label || !/^\d+$/.test(label)) return [];
      const mesh = await docs.get(`${url}/info`, meshKey);
      if (mesh === null) return [];
      return (await docs.get(`${url}/${mesh}/${label}:0`, fragmentList)) ?? [];
    },
  };
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

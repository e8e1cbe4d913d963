/**
 * Fragment names of `neuroglancer/precompmesh/surface` meshes, which live on the neuroglancer host,
 * not in the configuration. siibra 0.4 (`NeuroglancerSurfaceMesh.fragments`) reads `<url>/info`, takes
 * its `mesh` key and lists the `fragments` of `<url>/<mesh>/<label>:0`; when that request fails it
 * lists none (the `fragments` object then has no `mesh` key), which is also what we answer whenever
 * the host cannot be had in the time budget, or answers something that is not a mesh index.
 * Upstream returns the names as a set; we sort them (docs/decisions.md#deterministic-order).
 */
/** A look-up's result: the document, or null and whether that is because its host could not be had. */
export type DocLookup<T> = { value: T | null; unavailable: boolean };

/** Documents by absolute URL that never reject (the deployment's KgStore with its URL source). */
export type DocStore = { lookup<T>(url: string, parse: (doc: unknown) => T): Promise<DocLookup<T>> };

export type MeshFragments = {
  /** Names for a provider value `"<url> <label>"`; [] when the host cannot tell. */
  names(spec: string): Promise<string[]>;
  /** The same, saying whether the host could not be had (down or too slow: the names may come once it is back). */
  namesDetailed?(spec: string): Promise<{ names: string[]; failed: boolean }>;
};

/** No network: what upstream degrades to when the neuroglancer host is unreachable. */
export const NO_MESH_FRAGMENTS: MeshFragments = { names: async () => [] };

/** Names read through `docs`, a document store whose paths are absolute URLs (never rejects). */
export function meshFragments(docs: DocStore): MeshFragments {
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

/**
 * Fragment names of `neuroglancer/precompmesh/surface` meshes, which live on the neuroglancer host,
 * not in the configuration. siibra 0.4 (`NeuroglancerSurfaceMesh.fragments`) reads `<url>/info`, takes
 * its `mesh` key and lists the `fragments` of `<url>/<mesh>/<label>:0`; when that request fails it
 * lists none (the `fragments` object then has no `mesh` key), which is also what we answer whenever
 * the host cannot be had in the time budget, or answers something that is not a mesh index.
 * Upstream returns the names as a set; we sort them (decision 4).
 */
import type { KgDocuments } from "./related.ts";

export type MeshFragments = {
  /** Names for a provider value `"<url> <label>"`; [] when the host cannot tell. */
  names(spec: string): Promise<string[]>;
};

/** No network: what upstream degrades to when the neuroglancer host is unreachable. */
export const NO_MESH_FRAGMENTS: MeshFragments = { names: async () => [] };

/** Names read through `docs`, a document store whose paths are absolute URLs (never rejects). */
export function meshFragments(docs: KgDocuments): MeshFragments {
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

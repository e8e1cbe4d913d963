import { NotFoundError } from "../errors.ts";
import type { AtlasStore } from "./store.ts";
import type { Atlas, Parcellation, Region, Space } from "./model.ts";

/** Facade over registry and region look-ups used by the jobs (temporary exact-id version). */
export function atlasBySpec(store: AtlasStore, spec: string): Atlas {
  const hit = store.atlases.find((a) => a.id === spec || a.key === spec);
  if (!hit) throw new NotFoundError(`InstanceTable has no entry matching the specification '${spec}'.`);
  return hit;
}

export function spaceBySpec(store: AtlasStore, spec: string): Space {
  const hit = store.spaceById.get(spec);
  if (!hit) throw new NotFoundError(`InstanceTable has no entry matching the specification '${spec}'.`);
  return hit;
}

export function parcellationBySpec(store: AtlasStore, spec: string): Parcellation {
  const hit = store.parcellationById.get(spec);
  if (!hit) throw new NotFoundError(`InstanceTable has no entry matching the specification '${spec}'.`);
  return hit;
}

export function regionBySpec(store: AtlasStore, parcellation: Parcellation, spec: string): Region {
  const byWire = store.regionByWireId(parcellation, spec);
  if (byWire) return byWire;
  const hit = parcellation.regions.find((r) => r.name === spec);
  if (!hit) throw new NotFoundError(spec);
  return hit;
}

/** `/regions?find=`: every matching node (children not filtered), the root removed. */
export function findInParcellation(parcellation: Parcellation, spec: string): Region[] {
  const words = spec.toLowerCase().split(/\s+/).filter(Boolean);
  return parcellation.regions.filter((r) => words.every((w) => r.name.toLowerCase().includes(w)));
}

import { findRegions, getRegion } from "../../atlas/region-lookup.ts";
import { regionModel } from "../../serialize/region.ts";
import { AppError } from "../../errors.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { Parcellation } from "../../atlas/model.ts";

/**
 * Row/column labels of matrices: `parcellation.get_region(name, allow_tuple=True)` for each name of
 * the configuration's `regions` list, serialized as full region models (no view point). A name that
 * matches several regions is a tuple upstream, serialized as the list of their models; a name that
 * resolves to nothing keeps its text (upstream would fail the whole matrix). Unbounded on purpose: the
 * names come from the configuration's matrix documents, never from a request.
 */
const LABELS = new WeakMap<Parcellation, Map<string, unknown>>();

export function regionLabel(store: AtlasStore, parcellation: Parcellation, name: string): unknown {
  let memo = LABELS.get(parcellation);
  if (!memo) {
    memo = new Map();
    LABELS.set(parcellation, memo);
  }
  if (memo.has(name)) return memo.get(name);
  let label: unknown = name;
  const exact = store.regionByName(parcellation, name);
  if (exact) label = regionModel(exact);
  else {
    try {
      label = regionModel(getRegion(parcellation, name));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const several = findRegions(parcellation.root, name, { filterChildren: true, findTopmost: true });
      if (several.length > 1) label = several.map((r) => regionModel(r));
    }
  }
  memo.set(name, label);
  return label;
}

/** The name a label stands for in plots (`str(region)`), tuples joined. */
export function labelName(label: unknown): string {
  if (Array.isArray(label)) return label.map(labelName).join(", ");
  if (label && typeof label === "object" && "name" in label) return String((label as { name: unknown }).name);
  return String(label);
}

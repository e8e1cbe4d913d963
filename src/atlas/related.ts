import type { AtlasStore } from "./store.ts";
import type { Region } from "./model.ts";

export type Relation = { qualification: string; region: Region };

/** Regions related to `region` across parcellation versions (filled in by related-regions work). */
export function relatedRegions(_store: AtlasStore, region: Region): Relation[] {
  return region.ebrainsValues.length === 0 ? [] : [];
}

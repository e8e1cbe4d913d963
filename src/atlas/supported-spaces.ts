import type { Parcellation, ParcellationMap, Region, Space } from "./model.ts";

/**
 * `parcellation.supported_spaces` of siibra 0.4: spaces in which the root is mapped, where a
 * region is mapped if some registry map of its parcellation in that space indexes its name, or,
 * failing that, if it has children and all of them are mapped.
 */
export function supportedSpaces(parcellation: Parcellation, spaces: Space[], maps: ParcellationMap[]): Space[] {
  return spaces.filter((space) => {
    const names = new Set<string>();
    for (const m of maps) {
      if (m.parcellationId === parcellation.id && m.spaceId === space.id) {
        for (const name of Object.keys(m.indices)) names.add(name);
      }
    }
    if (names.size === 0) return false;
    const mapped = (region: Region): boolean =>
      names.has(region.name) || (region.children.length > 0 && region.children.every(mapped));
    return mapped(parcellation.root);
  });
}

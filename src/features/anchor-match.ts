import { findRegions } from "../atlas/region-lookup.ts";
import { decodeSpecies } from "./species.ts";
import { getOrSet } from "../lib/memo.ts";
import type { Region } from "../atlas/model.ts";
import type { Anchor, FeatureRecord } from "./model.ts";

/** One `AnatomicalAssignment` between an anchor region and the query concept. */
export type Assignment = { region: Region; concept: Region; qualification: "EXACT" | "CONTAINED" | "CONTAINS" };

/** `Qualification` enum values, the sort key of assignments. */
const ORDER = { EXACT: 1, CONTAINED: 3, CONTAINS: 4 } as const;

/** alternative species → region specs from `region_aliases.json` (qualifications do not matter for lists). */
type Aliases = Map<string, string[]>;

function aliasesFor(vocabulary: Record<string, unknown>, anchor: Anchor): Aliases {
  const bySpec = (vocabulary[anchor.species] ?? {}) as Record<string, Record<string, Record<string, string>>>;
  const out: Aliases = new Map();
  for (const [speciesText, mapping] of Object.entries(bySpec[anchor.regionSpec ?? ""] ?? {})) {
    const species = decodeSpecies(speciesText);
    if (species !== null) out.set(species, [...(out.get(species) ?? []), ...Object.keys(mapping)]);
  }
  return out;
}

/** `Parcellation.find_regions(spec)` restricted to one tree: matches whose parent did not match. */
export function topmost(regions: Region[]): Region[] {
  const ids = new Set(regions.map((r) => r.id));
  return regions.filter((r) => r.parent === null || !ids.has(r.parent.id));
}

const SUBTREE_IDS = new WeakMap<Region, Set<string>>();

/** siibra ids in `region`'s subtree, itself included (`x in region` walks it comparing ids). */
function subtreeIds(region: Region): Set<string> {
  let ids = SUBTREE_IDS.get(region);
  if (!ids) {
    ids = new Set();
    const stack = [region];
    for (let r = stack.pop(); r; r = stack.pop()) {
      ids.add(r.id);
      stack.push(...r.children);
    }
    SUBTREE_IDS.set(region, ids);
  }
  return ids;
}

/**
 * `AnatomicalAnchor.assign(concept)` for region and parcellation concepts (docs/upstream.md#features),
 * reduced to "is there an assignment". Only the concept's own tree can hold EXACT/CONTAINED/CONTAINS
 * partners (ids carry the parcellation id), so anchor regions are resolved per parcellation.
 *
 * Memo quirk: upstream caches an anchor's regions per spec string only, so the first anchor with a
 * spec fixes species and aliases for all later ones; "first" is the global feature order here.
 * Location tests (spec unknown to the concept's tree) need voxel data and count as no match.
 */
export class AnchorMatcher {
  private readonly memo = new Map<string, { species: string; aliases: Aliases }>();
  private readonly own = new Map<FeatureRecord, Aliases>();
  /** Keyed by parcellation and the feature's own spec (configuration only, so finite), not by request input. */
  private readonly regionsCache = new Map<string, Region[]>();

  constructor(
    features: FeatureRecord[],
    private readonly vocabulary: Record<string, unknown>,
  ) {
    for (const f of features) {
      const spec = f.anchor.regionSpec;
      if (spec !== null && !this.memo.has(spec))
        this.memo.set(spec, { species: f.anchor.species, aliases: this.aliases(f) });
    }
  }

  private aliases(feature: FeatureRecord): Aliases {
    return getOrSet(this.own, feature, () => aliasesFor(this.vocabulary, feature.anchor));
  }

  matches(feature: FeatureRecord, concept: Region): boolean {
    return this.assign(feature, concept).length > 0;
  }

  /**
   * The region-to-region assignments of `anchor.assign(concept)`, sorted by qualification like
   * upstream (`EXACT` < `CONTAINED` < `CONTAINS`; stable otherwise).
   */
  assign(feature: FeatureRecord, concept: Region): Assignment[] {
    const { regionSpec: spec, species } = feature.anchor;
    const parcellation = concept.parcellation;
    if (spec === null || species !== parcellation.species) return [];
    const hierarchySearch = findRegions(parcellation.root, spec);
    if (hierarchySearch.length === 0 && this.aliases(feature).size === 0) return [];
    const conceptIds = subtreeIds(concept);
    const out: Assignment[] = [];
    for (const region of this.anchorRegions(spec, concept)) {
      // `region == concept`, `region in concept`, `concept in region`: id comparisons over subtrees.
      const qualification =
        region.id === concept.id
          ? "EXACT"
          : conceptIds.has(region.id)
            ? "CONTAINED"
            : subtreeIds(region).has(concept.id)
              ? "CONTAINS"
              : null;
      if (qualification) out.push({ region, concept, qualification });
    }
    return out.sort((a, b) => ORDER[a.qualification] - ORDER[b.qualification]);
  }

  /** The memoised `anchor.regions` that lie in the concept's parcellation. */
  private anchorRegions(spec: string, concept: Region): Region[] {
    const root = concept.parcellation.root;
    const key = `${root.id}\n${spec}`;
    let regions = this.regionsCache.get(key);
    if (!regions) {
      const memo = this.memo.get(spec);
      regions = [];
      if (memo && memo.species === root.parcellation.species) regions.push(...topmost(findRegions(root, spec)));
      for (const [species, specs] of memo?.aliases ?? []) {
        if (species !== root.parcellation.species) continue;
        for (const alias of specs) regions.push(...topmost(findRegions(root, alias)));
      }
      this.regionsCache.set(key, regions);
    }
    return regions;
  }
}

import { buildFeatures } from "./build.ts";
import { AnchorMatcher } from "./anchor-match.ts";
import type { AtlasStore } from "../atlas/store.ts";
import type { Region } from "../atlas/model.ts";
import type { Assignment } from "./anchor-match.ts";
import type { FeatureClass } from "./hierarchy.ts";
import type { FeatureRecord } from "./model.ts";

/**
 * The preconfigured features of one atlas store, built on the first feature query (cold start and
 * the metadata routes never pay for them) and kept for the store's lifetime.
 */
export class FeatureIndex {
  private readonly byClass: Map<string, FeatureRecord[]>;
  private readonly matcher: AnchorMatcher;

  constructor(store: AtlasStore) {
    this.byClass = buildFeatures(store.featureDocuments(), (id) => store.spaceById.get(id)?.name ?? id);
    this.matcher = new AnchorMatcher([...this.byClass.values()].flat(), store.vocabularies.regionAliases);
  }

  /** Preconfigured instances of a class (file order); live-query and image classes have none here. */
  instances(className: string): FeatureRecord[] {
    return this.byClass.get(className) ?? [];
  }

  /** How a feature's anchor relates to the concept (detail routes report it as `last_match_result`). */
  assignments(feature: FeatureRecord, concept: Region): Assignment[] {
    return this.matcher.assign(feature, concept);
  }

  /**
   * `Feature.match(concept, classes)`: per class, its instances that match the concept, in file order.
   * Live-query results (gene expressions, BigBrain profiles, LFP) are not included: they need live services.
   */
  match(concept: Region, classes: FeatureClass[]): FeatureRecord[] {
    const seen = new Set<FeatureRecord>();
    const out: FeatureRecord[] = [];
    for (const cls of classes) {
      for (const f of this.instances(cls.name)) {
        if (!seen.has(f) && this.matcher.matches(f, concept)) out.push(f);
        seen.add(f);
      }
    }
    return out;
  }
}

const INDEXES = new WeakMap<AtlasStore, FeatureIndex>();

export function featureIndex(store: AtlasStore): FeatureIndex {
  let index = INDEXES.get(store);
  if (!index) INDEXES.set(store, (index = new FeatureIndex(store)));
  return index;
}

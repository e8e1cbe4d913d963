import { buildFeatures } from "./build.ts";
import { AnchorMatcher } from "../anchor-match.ts";
import { getOrSet } from "../../lib/memo.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { Region } from "../../atlas/model.ts";
import type { Assignment } from "../anchor-match.ts";
import type { FeatureClass } from "../hierarchy.ts";
import type { FeatureRecord } from "../model.ts";

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

  private byIdMemo: Map<string, FeatureRecord> | null = null;

  /** `get_instance_by_id` over the preconfigured features: the first with that id, in class order. */
  byId(id: string): FeatureRecord | undefined {
    if (!this.byIdMemo) {
      this.byIdMemo = new Map();
      for (const records of this.byClass.values()) {
        for (const r of records) if (!this.byIdMemo.has(r.id)) this.byIdMemo.set(r.id, r);
      }
    }
    return this.byIdMemo.get(id);
  }

  /** Every preconfigured feature built here (class order, file order within a class). */
  all(): FeatureRecord[] {
    return [...this.byClass.values()].flat();
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
  return getOrSet(INDEXES, store, () => new FeatureIndex(store));
}

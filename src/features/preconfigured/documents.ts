import type { Json } from "../../atlas/config-json.ts";
import type { AtlasStore } from "../../atlas/store.ts";

const DOCS = new WeakMap<AtlasStore, Map<string, Json>>();

/** The configuration document a preconfigured feature was built from (its data URLs live there). */
export function featureDocument(store: AtlasStore, path: string): Json {
  let docs = DOCS.get(store);
  if (!docs) {
    docs = new Map(store.featureDocuments().map(([p, d]) => [p, d as Json]));
    DOCS.set(store, docs);
  }
  const doc = docs.get(path);
  if (!doc) throw new Error(`no configuration document ${path}`);
  return doc;
}

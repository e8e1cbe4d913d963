import { PRECONFIGURED_CLASSES, classOfFolder, classOfSpec } from "./registry.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { SpaceNames } from "./anchor-spec.ts";
import type { FeatureRecord } from "../model.ts";

const folderOf = (path: string) => path.slice(0, path.lastIndexOf("/"));

/**
 * Features by class name, each list in file order. As in siibra, a class keeps only the objects of
 * its own folder that are instances of itself (a StreamlineCounts file in the functional folder is
 * built, then dropped). Unknown `@type`s are configuration errors, as upstream.
 */
export function buildFeatures(docs: [string, unknown][], spaceName: SpaceNames): Map<string, FeatureRecord[]> {
  const byClass = new Map<string, FeatureRecord[]>(PRECONFIGURED_CLASSES.map((c) => [c.name, []]));
  for (const [path, raw] of docs) {
    const owner = classOfFolder(folderOf(path));
    if (!owner) continue;
    const doc = raw as Json;
    const builder = classOfSpec(String(doc["@type"]));
    if (!builder)
      throw new Error(`configuration ${path}: No factory method for specification type ${String(doc["@type"])}.`);
    const record = builder.build({ doc, path, spaceName });
    if (record.className === owner.name) byClass.get(owner.name)?.push(record);
  }
  return byClass;
}

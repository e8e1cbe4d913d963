import { FEATURE_CLASSES } from "./types.ts";
import { BadRequestError } from "../errors.ts";

/**
 * siibra 0.4's feature class index (`Feature.SUBCLASSES`) and its type-string resolution
 * (`Feature.parse_featuretype`), derived from the dotted class paths of `/feature/_types`.
 */
export type FeatureClass = { name: string; path: string[]; category: string | null };

const CLASSES: FeatureClass[] = FEATURE_CLASSES.map(([dotted, category]) => {
  const path = dotted.split(".");
  return { name: path[path.length - 1], path, category };
});

const BY_NAME = new Map(CLASSES.map((c) => [c.name, c]));

export function featureClass(name: string): FeatureClass | undefined {
  return BY_NAME.get(name);
}

/**
 * `SUBCLASSES[cls]`: every indexed class with `cls` in its hierarchy path — itself included, except
 * `Feature`, which never indexes itself (only subclasses run `__init_subclass__`).
 */
export function subclassesOf(name: string): FeatureClass[] {
  return CLASSES.filter((c) => c.path.includes(name) && c.name !== "Feature");
}

/** Python `str.split()`: whitespace runs, no empty parts. */
const words = (text: string) => text.split(/\s+/).filter((w) => w.length > 0);

/**
 * `Feature.parse_featuretype`: every class whose name contains all words of `type`
 * (case-insensitively) contributes itself and its subclasses; several → only categorised ones.
 * Upstream collects a set (order varies between processes); here the `/feature/_types` order.
 * No class at all is upstream's ValueError (a 500); we answer 400 with the same text.
 */
export function resolveFeatureType(type: string): FeatureClass[] {
  const query = words(type).map((w) => w.toLowerCase());
  const hits = new Set<FeatureClass>();
  for (const cls of CLASSES) {
    if (!query.every((w) => cls.name.toLowerCase().includes(w))) continue;
    for (const sub of subclassesOf(cls.name)) hits.add(sub);
  }
  const found = CLASSES.filter((c) => hits.has(c));
  const result = found.length > 1 ? found.filter((c) => c.category !== null) : found;
  if (result.length === 0) {
    const available = CLASSES.map((c) => c.name).join(", ");
    throw new BadRequestError(
      `feature_type ${type} did not match with any features. Available features are: ${available}`,
    );
  }
  return result;
}

/**
 * siibra 0.4 registry lookup: `siibra.atlases|spaces|parcellations|maps[spec]`, i.e.
 * `InstanceTable.get` / `InstanceTable.find` (docs/upstream.md#registry-order-and-lookup).
 *
 * Public API
 * - `findInRegistry(items, spec, adapter)`: every match (`InstanceTable.find`).
 * - `lookupInRegistry(items, spec, adapter)`: the one object siibra returns (`InstanceTable.get`);
 *   several matches → the largest by Python's `sorted(matches, reverse=True)[0]`.
 * - adapters `atlasAdapter`, `spaceAdapter`, `parcellationAdapter`, `mapAdapter`: the concept's
 *   `matches(spec)` and `<` ordering.
 * `items` must be the registry in registry order with unique keys (what `buildRegistries` returns).
 *
 * Errors: a miss or an empty spec → `NotFoundError` with upstream's IndexError text (404). Ambiguous
 * maps of both classes (labelled `Map` vs statistical `SparseMap`) cannot be ordered upstream
 * (ValueError → 500); here → `BadRequestError` with the same text (docs/decisions.md#error-statuses-as-intended).
 * Numeric specs (Python ints) index by position, negative from the end; out of range → 404.
 */
import type { Atlas, Parcellation, ParcellationMap, Space } from "./model.ts";
import { clearName } from "./names.ts";
import { pySplit, regionMatches } from "./region-lookup.ts";
import { BadRequestError, NotFoundError } from "../errors.ts";

export type Keyed = { id: string; name: string; key: string };

export type RegistryAdapter<T> = {
  /** The concept's `matches(spec)` for a string spec. */
  matches(item: T, spec: string): boolean;
  /** Python `a < b`; null when Python raises TypeError (the registry then keeps match order). */
  lessThan(a: T, b: T): boolean | null;
};

/** `AtlasConcept.matches`: key, id, or every `[ -]` word (or the space-free spec) in the squeezed name. */
function conceptMatches(item: Keyed, spec: string): boolean {
  if (spec === item.key || spec === item.id) return true;
  const squeezed = clearName(item.name.toLowerCase()).replaceAll(" ", "");
  // re.split keeps empty words, and "" is a substring of anything — same as JS split + includes.
  if (spec.split(/[ -]/).every((w) => squeezed.includes(w.toLowerCase()))) return true;
  return squeezed.includes(spec.replaceAll(" ", ""));
}

const byName = <T extends Keyed>(a: T, b: T): boolean => a.name < b.name;

export const atlasAdapter: RegistryAdapter<Atlas> = { matches: conceptMatches, lessThan: byName };
export const spaceAdapter: RegistryAdapter<Space> = { matches: conceptMatches, lessThan: byName };

/** Upstream Map and SparseMap are different classes; `AtlasConcept.__lt__` refuses to compare them. */
export const mapAdapter: RegistryAdapter<ParcellationMap> = {
  matches: conceptMatches,
  lessThan(a, b) {
    if (a.maptype !== b.maptype) throw new BadRequestError("Cannot compare different atlas concept types.");
    return a.name < b.name;
  },
};

/** `Parcellation.matches` is the root region's predicate (shortName rule first); `<` compares versions. */
export const parcellationAdapter: RegistryAdapter<Parcellation> = {
  matches: (p, spec) => regionMatches(p.root, spec),
  lessThan(a, b) {
    if (a.version === null || b.version === null) return a.name < b.name;
    // ParcellationVersion.__lt__ compares names as strings; None < str raises TypeError upstream.
    if (a.version.name === null || b.version.name === null) return null;
    return a.version.name < b.version.name;
  },
};

function notFound(items: readonly Keyed[], spec: string | number): NotFoundError {
  return new NotFoundError(
    `InstanceTable has no entry matching the specification '${spec}'.\n` +
      `Possible values are: ${items.map((i) => i.key).join(", ")}`,
  );
}

/** `InstanceTable.find(spec)`: exact key, position, `matches`, then words of the spec in the key. */
export function findInRegistry<T extends Keyed>(
  items: readonly T[],
  spec: string | number,
  adapter: RegistryAdapter<T>,
): T[] {
  if (typeof spec === "number") {
    const index = spec < 0 ? items.length + spec : spec;
    return Number.isInteger(spec) && index >= 0 && index < items.length ? [items[index]] : [];
  }
  const byKey = items.find((i) => i.key === spec);
  if (byKey) return [byKey];
  const matches = items.filter((i) => adapter.matches(i, spec));
  if (matches.length > 0) return matches;
  const words = pySplit(spec).map((w) => w.toLowerCase());
  return items.filter((i) => words.every((w) => i.key.toLowerCase().includes(w)));
}

const UNORDERABLE = Symbol("unorderable");

/**
 * CPython's `sorted(items, reverse=True)` for fewer than 64 items (count_run + binary insertion
 * sort, CPython ≤ 3.12): with version/name comparisons that are not a total order (versioned
 * and unversioned parcellations mixed) only the exact algorithm gives upstream's winner.
 * Returns null when a comparison is unorderable (Python TypeError).
 */
function pySortedReverse<T>(items: readonly T[], lt: (a: T, b: T) => boolean | null): T[] | null {
  const a = [...items].reverse(); // reverse, stable ascending sort, reverse = stable descending
  const n = a.length;
  const less = (x: T, y: T): boolean => {
    const r = lt(x, y);
    if (r === null) throw UNORDERABLE;
    return r;
  };
  try {
    if (n >= 64) {
      a.sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
    } else if (n >= 2) {
      let run = 2;
      if (less(a[1], a[0])) {
        while (run < n && less(a[run], a[run - 1])) run++;
        a.splice(0, run, ...a.slice(0, run).reverse());
      } else {
        while (run < n && !less(a[run], a[run - 1])) run++;
      }
      for (let start = run; start < n; start++) {
        const pivot = a[start];
        let l = 0;
        let r = start;
        while (l < r) {
          const p = l + ((r - l) >> 1);
          if (less(pivot, a[p])) r = p;
          else l = p + 1;
        }
        a.splice(start, 1);
        a.splice(l, 0, pivot);
      }
    }
  } catch (err) {
    if (err === UNORDERABLE) return null;
    throw err;
  }
  return a.reverse();
}

/** `InstanceTable.get(spec)`: the single match, or the largest of several; a miss → 404. */
export function lookupInRegistry<T extends Keyed>(
  items: readonly T[],
  spec: string | number,
  adapter: RegistryAdapter<T>,
): T {
  if (spec === "") throw new NotFoundError("InstanceTable indexed with empty string");
  const matches = findInRegistry(items, spec, adapter);
  if (matches.length === 0) throw notFound(items, spec);
  if (matches.length === 1) return matches[0];
  return (pySortedReverse(matches, adapter.lessThan) ?? matches)[0];
}

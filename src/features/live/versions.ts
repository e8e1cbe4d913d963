/**
 * Python's `distutils.version.LooseVersion` ordering, as siibra uses it to keep only the newest
 * version of a knowledge-graph dataset: numbers compare as numbers, letters as text; comparing a
 * number with text is a TypeError there, after which siibra sorts the version strings plainly.
 */
type Part = number | string;

function parts(version: string): Part[] {
  // `re.split` with a capturing group keeps the separators between components too (e.g. "-").
  return version
    .split(/(\d+|[a-z]+|\.)/)
    .filter((p) => p !== "" && p !== ".")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

class Incomparable extends Error {}

function compare(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (typeof a[i] !== typeof b[i]) throw new Incomparable();
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

const plain = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The version strings in ascending order (LooseVersion, else plain string order). */
export function sortVersions(versions: string[]): string[] {
  try {
    return [...versions].sort((a, b) => compare(parts(a), parts(b)));
  } catch (err) {
    if (err instanceof Incomparable) return [...versions].sort(plain);
    throw err;
  }
}

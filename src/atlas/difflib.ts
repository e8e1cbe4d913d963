/**
 * Port of Python's `difflib.SequenceMatcher(None, a, b).ratio()`.
 *
 * siibra 0.4 ranks `find` results by this ratio, so ties and near-ties must come out exactly as
 * in CPython: same longest-match choice (lowest i, then lowest j), same recursion, and the
 * "autojunk" popularity purge that only kicks in when `b` has at least 200 elements.
 * Strings are compared by code point (Python `str` semantics), not by UTF-16 unit.
 */

type Match = { i: number; j: number; size: number };

/** `b2j` of CPython's `__chain_b`: element → ascending positions in `b`, popular elements removed. */
function chainB(b: string[]): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  b.forEach((elt, j) => {
    const list = b2j.get(elt);
    if (list) list.push(j);
    else b2j.set(elt, [j]);
  });
  // isjunk is None upstream, so only the autojunk heuristic can drop elements.
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [elt, idxs] of [...b2j]) if (idxs.length > ntest) b2j.delete(elt);
  }
  return b2j;
}

function findLongestMatch(
  a: string[],
  b: string[],
  b2j: Map<string, number[]>,
  alo: number,
  ahi: number,
  blo: number,
  bhi: number,
): Match {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const newj2len = new Map<number, number>();
    for (const j of b2j.get(a[i]) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      newj2len.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = newj2len;
  }
  // Popular (purged) elements are not junk: CPython extends the match over equal neighbours.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
    bestsize++;
  }
  return { i: besti, j: bestj, size: bestsize };
}

/** Total size of CPython's `get_matching_blocks()` (the order blocks are found in does not matter for the sum). */
function matchingCharacters(a: string[], b: string[]): number {
  const b2j = chainB(b);
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  let matches = 0;
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const { i, j, size } = findLongestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (size === 0) continue;
    matches += size;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + size < ahi && j + size < bhi) queue.push([i + size, ahi, j + size, bhi]);
  }
  return matches;
}

/** `SequenceMatcher(None, a, b).ratio()`: 2·M / (len(a) + len(b)), 1.0 for two empty strings. */
export function sequenceRatio(a: string, b: string): number {
  const sa = Array.from(a);
  const sb = Array.from(b);
  const length = sa.length + sb.length;
  if (length === 0) return 1.0;
  return (2.0 * matchingCharacters(sa, sb)) / length;
}

/**
 * siibra 0.4 region lookup (docs/upstream.md#region-lookup): `Region.matches`, `Region.find` and
 * `Parcellation.get_region`, ported from siibra-python 0.4a106.
 *
 * Public API
 * - `regionMatches(region, spec)`: the per-node predicate (the root also accepts the
 *   parcellation shortName rule, as `Parcellation.matches` does upstream).
 * - `regionEqualsString(region, text)`: siibra's `Region == "string"` (name, key, id, ebrains ids).
 * - `findRegions(node, spec, opts)`: `node.find(spec, filter_children, find_topmost)`,
 *   memoised per node and arguments like upstream, in a memo bounded by bytes. Returns a fresh array.
 * - `getRegion(parcellation, spec)`: `parcellation.get_region(spec)`; returns
 *   `parcellation.root` when the spec resolves to the parcellation itself.
 * - helpers shared with other lookups: `parseRegexSpec`, `pyRepr` (Python `repr(str)`), `pySplit`.
 *
 * Deliberate deviations (docs/decisions.md#deterministic-order and
 * docs/decisions.md#error-statuses-as-intended):
 * - ties in `find` order are set-ordered upstream; here: ratio desc, depth asc, pre-order position.
 * - errors: undecodable → `DetailNotFoundError` (404), ambiguous → `BadRequestError` (400), same texts.
 * - `Group: A, B` specs: upstream can only succeed when the word rule picks one region; with a single
 *   resolved region it crashes (`set` is not subscriptable) — we return that region instead; several
 *   regions raise the usual ambiguity error (a group cannot be served as one region anyway).
 * - regex specs `/expr/flags` are translated to JavaScript regexes (flags i, m, s, x, a, u; `L` and
 *   invalid expressions → 400 instead of upstream's 500).
 */
import type { Parcellation, Region } from "./model.ts";
import { isRoot, matchesNeedle, matchingInSubtree, needleOf, preorder } from "./region-match.ts";
import { sequenceRatio } from "./difflib.ts";
import { BadRequestError, DetailNotFoundError } from "../errors.ts";
import { ByteLru } from "../lib/byte-lru.ts";

export type RegionSpec = string | RegExp;
export type FindOptions = { filterChildren: boolean; findTopmost: boolean };

const FIND_DEFAULTS: FindOptions = { filterChildren: false, findTopmost: true };

/** Bound on the memo of `find` results (bytes as estimated per entry, see `findRegions`). */
const FIND_CACHE_BYTES = 8 * 1024 * 1024;

/** Python `str.split()` without arguments: runs of whitespace (incl. \x1c-\x1f), no empty parts. */
export function pySplit(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Python's str.split() treats \x1c-\x1f as whitespace.
  return text.split(/[\s\x1c-\x1f]+/).filter((w) => w.length > 0);
}

/** Upstream `Region.__eq__(str)`. The root is built without a spec upstream, so it has no ebrains aliases. */
export function regionEqualsString(region: Region, text: string): boolean {
  if (text === region.name || text === region.key || text === region.id) return true;
  return !isRoot(region) && region.ebrainsValues.includes(text);
}

/** `Region.matches(spec)` (and `Parcellation.matches` for the root), siibra/core/region.py. */
export function regionMatches(region: Region, spec: RegionSpec): boolean {
  if (spec instanceof RegExp) {
    // String#search ignores `g`/`lastIndex`, like Python's stateless `pattern.search`.
    return region.name.search(spec) !== -1 || region.key.search(spec) !== -1;
  }
  return matchesNeedle(region, needleOf(spec));
}

const REGEX_SPEC = /^\/(.+)\/([a-zA-Z]*)\n?$/;
const ACCEPTED_FLAGS = "aiLmsux";

/** Python verbose mode: drop unescaped whitespace and `#` comments outside character classes. */
function stripVerbose(expr: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (ch === "\\") {
      out += ch + (expr[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
    } else if (ch === "#") {
      while (i < expr.length && expr[i] !== "\n") i++;
    } else if (!/\s/.test(ch)) {
      out += ch;
    }
  }
  return out;
}

/** A `/<expr>/<flags>` spec as a JavaScript RegExp, or null for plain string specs. */
export function parseRegexSpec(spec: string): RegExp | null {
  const m = REGEX_SPEC.exec(spec);
  if (!m) return null;
  let [, expression, flags] = m;
  for (const flag of flags) {
    if (!ACCEPTED_FLAGS.includes(flag)) {
      throw new BadRequestError(`only accepted flag are in ${ACCEPTED_FLAGS}. ${flag} is not within them`);
    }
  }
  // Python also honours leading inline groups such as `(?i)` written inside the expression.
  for (let g = /^\(\?([a-zA-Z]+)\)/.exec(expression); g; g = /^\(\?([a-zA-Z]+)\)/.exec(expression)) {
    flags += g[1];
    expression = expression.slice(g[0].length);
  }
  if (flags.includes("L")) throw new BadRequestError("bad inline flag: cannot use 'L' flag with a str pattern");
  if (flags.includes("x")) expression = stripVerbose(expression);
  const source = expression.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
  const jsFlags = [...new Set(flags.split("").filter((f) => "ims".includes(f)))].join("");
  try {
    return new RegExp(source, jsFlags);
  } catch (err) {
    throw new BadRequestError(`invalid regular expression '${expression}': ${(err as Error).message}`);
  }
}

/** Keeps the first node per siibra id, like building a Python `set` from a list of Regions. */
function uniqueById(regions: Region[]): Region[] {
  const seen = new Set<string>();
  return regions.filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
}

/** Upstream's `filter_children` / `find_topmost` step; `in` on region lists compares siibra ids. */
function filterChildren(candidates: Region[], spec: RegionSpec, findTopmost: boolean): Region[] {
  const candIds = new Set(candidates.map((r) => r.id));
  const filtered = candidates.filter(
    (r) => r.children.some((c) => candIds.has(c.id)) || !(r.parent && candIds.has(r.parent.id)),
  );
  if (!findTopmost) return filtered;
  const filteredIds = new Set(filtered.map((r) => r.id));
  const completeParents = uniqueById(
    filtered.map((r) => r.parent).filter((p): p is Region => p?.children.every((c) => filteredIds.has(c.id)) === true),
  ).sort((a, b) => a.order - b.order); // a set upstream: fix an order
  if (completeParents.length === 0) return filtered;
  const all = [...filtered, ...completeParents];
  const allIds = new Set(all.map((r) => r.id));
  return all.filter(
    (r) => !(r.parent && allIds.has(r.parent.id)) || (typeof spec === "string" && regionEqualsString(r, spec)),
  );
}

function computeFind(node: Region, spec: RegionSpec, opts: FindOptions): Region[] {
  const pattern = typeof spec === "string" ? (parseRegexSpec(spec) ?? spec) : spec;
  let candidates =
    typeof pattern === "string"
      ? matchingInSubtree(node, needleOf(pattern))
      : preorder(node).filter((r) => regionMatches(r, pattern));
  if (candidates.length > 1 && opts.filterChildren) {
    candidates = filterChildren(candidates, pattern, opts.findTopmost);
  }
  const found = uniqueById(candidates);
  if (typeof pattern !== "string") return found.sort((a, b) => a.depth - b.depth || a.order - b.order);
  const ratio = new Map(found.map((r) => [r, sequenceRatio(r.name, pattern)]));
  return found.sort(
    (a, b) => (ratio.get(b) as number) - (ratio.get(a) as number) || a.depth - b.depth || a.order - b.order,
  );
}

/**
 * Upstream's `_CACHED_REGION_SEARCHES`, bounded: specs come from requests (`find=`, region ids), so an
 * unbounded memo grows with every new spec. The configuration's own specs (feature anchors, matrix
 * labels) are a few thousand small entries, far below the bound, so they stay warm.
 */
const FIND_CACHE = new ByteLru(FIND_CACHE_BYTES);

/** What an entry occupies: key and array slots, plus the entry, array and map-slot overhead. */
const ENTRY_OVERHEAD_BYTES = 160;

/** `node.find(spec, filter_children, find_topmost)`, siibra/core/region.py `Region.find`. */
export function findRegions(node: Region, spec: RegionSpec, opts: FindOptions = FIND_DEFAULTS): Region[] {
  const specKey = typeof spec === "string" ? `s:${spec}` : `r:${spec.flags}:${spec.source}`;
  // Node ids carry their parcellation's id; the node itself is compared on a hit (another store, e.g.
  // in tests, has equal ids on other objects).
  const key = `${node.id}\n${opts.filterChildren ? 1 : 0}${opts.findTopmost ? 1 : 0}${specKey}`;
  const hit = FIND_CACHE.get<FindEntry>(key);
  if (hit?.node === node) return hit.regions.slice();
  const regions = computeFind(node, spec, opts);
  FIND_CACHE.set<FindEntry>(key, { node, regions }, key.length * 2 + regions.length * 8 + ENTRY_OVERHEAD_BYTES);
  return regions.slice();
}

type FindEntry = { node: Region; regions: Region[] };

/** Python `repr(str)` as used in the ambiguity message (`{regionspec!r}`). */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Z}]/u.test(ch)) {
      const hex = cp.toString(16);
      out +=
        cp < 0x100
          ? `\\x${hex.padStart(2, "0")}`
          : cp < 0x10000
            ? `\\u${hex.padStart(4, "0")}`
            : `\\U${hex.padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}

/** `_split_group_spec`: `Group: A, B (x, y)` → parts split on commas outside brackets, each resolved. */
function resolveGroup(parcellation: Parcellation, spec: string): Region[] {
  let text = spec.replace(/Group: */g, "");
  for (const sub of text.match(/\(.*?\)/g) ?? []) text = text.replaceAll(sub, sub.replace(/, */g, "##"));
  const parts = text.split(/, */).map((s) => s.replace(/##/g, ", "));
  // Upstream recurses without end (RecursionError) when a part makes no progress.
  if (parts.includes(spec)) throw new BadRequestError(`Spec ${pyRepr(spec)} cannot be resolved as a group.`);
  return uniqueById(parts.map((part) => getRegion(parcellation, part)));
}

/** `parcellation.get_region(spec)` with 0.4 defaults, siibra/core/parcellation.py. */
export function getRegion(parcellation: Parcellation, spec: string): Region {
  // Exact step: first cleaned name equal to the spec, the root included; keys and ids are not tried here.
  const exact = preorder(parcellation.root).find((r) => r.name === spec);
  if (exact) return exact;

  let candidates = spec.startsWith("Group")
    ? resolveGroup(parcellation, spec)
    : findRegions(parcellation.root, spec, { filterChildren: true, findTopmost: true });

  if (candidates.length > 1) {
    // A candidate all of whose name words occur in the spec wins if it is the only such one.
    const queryWords = new Set(pySplit(spec).map((w) => w.replaceAll(",", "").toLowerCase()));
    const full = candidates.filter((c) => pySplit(c.name).every((w) => queryWords.has(w.toLowerCase())));
    if (full.length === 1) candidates = full;
  }
  if (candidates.length === 0) {
    throw new DetailNotFoundError(`'${spec}' could not be decoded under '${parcellation.name}'`);
  }
  if (candidates.length === 1) return candidates[0];
  throw new BadRequestError(
    `Spec ${pyRepr(spec)} resulted in multiple matches: ${candidates.map((r) => r.name).join(", ")}.`,
  );
}

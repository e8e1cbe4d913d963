/**
 * siibra 0.4's `Region.matches(str)` (siibra/core/region.py) prepared for many look-ups: the
 * spec is parsed once per look-up (a `Needle`), each region's lower-cased name, key, id and words
 * once per region, and each subtree gets a word index, so a `find` costs the regions that share a
 * word with the spec, not a walk over the 771 regions of a Julich-Brain tree. Every table here is
 * keyed by regions of the configuration (finite, and gone with their store), never by request input.
 */
import type { Region } from "./model.ts";
import { clearName } from "./names.ts";

/** siibra's `splitstr`: `-` and `.` are word characters, everything else non-alphanumeric separates. */
function regionWords(text: string): string[] {
  return text.split(/[^a-zA-Z0-9.-]/).filter((w) => w.length > 0);
}

export function isRoot(region: Region): boolean {
  return region === region.parcellation.root;
}

/** `Parcellation.matches` first tries: every `\s+`-separated word of the spec is in the shortName. */
function shortNameMatches(shortName: string, spec: string): boolean {
  const name = shortName.toLowerCase();
  return spec
    .toLowerCase()
    .split(/\s+/)
    .every((w) => name.includes(w));
}

/** A string spec, prepared once per look-up. */
export type Needle = { text: string; q: string; words: string[]; vWords: string[] };

export function needleOf(spec: string): Needle {
  // clear_name runs on the original-case spec, so "hemisphere" is dropped but "Hemisphere" is not.
  const words = regionWords(clearName(spec)).map((w) => w.toLowerCase());
  return { text: spec, q: spec.toLowerCase().trim(), words, vWords: words.map((w) => `v${w}`) };
}

type Haystack = { key: string; id: string; name: string; words: Set<string> };

const HAYSTACKS = new WeakMap<Region, Haystack>();

function haystackOf(region: Region): Haystack {
  let hit = HAYSTACKS.get(region);
  if (!hit) {
    hit = {
      key: region.key.toLowerCase().trim(),
      id: region.id.toLowerCase().trim(),
      name: region.name.toLowerCase().trim(),
      words: new Set(regionWords(clearName(region.name.toLowerCase()))),
    };
    HAYSTACKS.set(region, hit);
  }
  return hit;
}

/** Every word of the spec is a word of the name, or the name has it with a `v` in front. */
function wordsMatch(hay: Haystack, needle: Needle): boolean {
  return needle.words.every((w, i) => hay.words.has(w) || hay.words.has(needle.vWords[i]));
}

/** `Region.matches(spec)` for a string spec (and `Parcellation.matches` for the root). */
export function matchesNeedle(region: Region, needle: Needle): boolean {
  if (isRoot(region) && shortNameMatches(region.parcellation.shortName, needle.text)) return true;
  const hay = haystackOf(region);
  if (needle.q === hay.key || needle.q === hay.id || needle.q === hay.name) return true;
  return wordsMatch(hay, needle);
}

type SubtreeIndex = {
  /** The subtree in pre-order, the node first. */
  nodes: readonly Region[];
  position: Map<Region, number>;
  byWord: Map<string, Region[]>;
  /** By lower-cased trimmed key, id and name. */
  byExact: Map<string, Region[]>;
};

const INDEXES = new WeakMap<Region, SubtreeIndex>();

function add(map: Map<string, Region[]>, key: string, region: Region): void {
  const list = map.get(key);
  if (list) list.push(region);
  else map.set(key, [region]);
}

function subtreeIndex(node: Region): SubtreeIndex {
  let index = INDEXES.get(node);
  if (index) return index;
  const nodes: Region[] = [];
  const visit = (r: Region): void => {
    nodes.push(r);
    for (const c of r.children) visit(c);
  };
  visit(node);
  index = { nodes, position: new Map(), byWord: new Map(), byExact: new Map() };
  for (const [i, r] of nodes.entries()) {
    index.position.set(r, i);
    const hay = haystackOf(r);
    for (const w of hay.words) add(index.byWord, w, r);
    for (const text of new Set([hay.key, hay.id, hay.name])) add(index.byExact, text, r);
  }
  INDEXES.set(node, index);
  return index;
}

/** The subtree of `node` in pre-order, the node first. */
export function preorder(node: Region): readonly Region[] {
  return subtreeIndex(node).nodes;
}

/** The regions of `node`'s subtree that match, in pre-order: `preorder(node).filter(matchesNeedle)`. */
export function matchingInSubtree(node: Region, needle: Needle): Region[] {
  const index = subtreeIndex(node);
  // No words left (e.g. "hemisphere", which clear_name removes): the word test holds for every region.
  if (needle.words.length === 0) return [...index.nodes];
  const hits = new Set<Region>(index.byExact.get(needle.q));
  // Only the parcellation's root answers to its short name, and a subtree holds it only at the top.
  if (isRoot(node) && shortNameMatches(node.parcellation.shortName, needle.text)) hits.add(node);
  // A match has the first word (or its `v` form); the other words are checked on those alone.
  for (const key of [needle.words[0], needle.vWords[0]]) {
    for (const r of index.byWord.get(key) ?? []) if (wordsMatch(haystackOf(r), needle)) hits.add(r);
  }
  return [...hits].sort((a, b) => (index.position.get(a) as number) - (index.position.get(b) as number));
}

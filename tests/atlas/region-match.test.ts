import { beforeAll, describe, expect, test } from "bun:test";
import { matchesNeedle, matchingInSubtree, needleOf, preorder } from "../../src/atlas/region-match.ts";
import { loadStore } from "./_store.ts";
import type { AtlasStore } from "../../src/atlas/store.ts";
import type { Region } from "../../src/atlas/model.ts";

let store: AtlasStore;
beforeAll(async () => {
  store = await loadStore();
});

/** Specs of every kind the word index must answer like a scan: names, single words, keys, ids, odd text. */
function specsFor(regions: readonly Region[], shortName: string): string[] {
  const specs = new Set<string>(["", "  ", "hemisphere", "Hemisphere", "left", "RIGHT", "1", "v1", "area", "zzz"]);
  specs.add(shortName);
  for (const word of shortName.split(/\s+/)) specs.add(word);
  for (const r of regions.filter((_, i) => i % 7 === 0)) {
    specs.add(r.name);
    specs.add(` ${r.name.toUpperCase()} `);
    specs.add(r.key);
    specs.add(r.id);
    const words = r.name.split(/\s+/);
    for (const w of words) specs.add(w);
    specs.add(words.slice(0, 2).join(" "));
    specs.add(words.reverse().join(" "));
  }
  return [...specs];
}

describe("matchingInSubtree (word index) answers as a scan with Region.matches", () => {
  test("every parcellation, from the root and from inner nodes", () => {
    let compared = 0;
    for (const p of store.parcellations) {
      const roots = [p.root, ...p.regions.filter((r) => r.children.length > 0).slice(0, 3)];
      const specs = specsFor(p.regions, p.shortName);
      // Identity, not structure: pre-order positions in the whole tree.
      const position = new Map(preorder(p.root).map((r, i) => [r, i]));
      const positions = (regions: readonly Region[]) => regions.map((r) => position.get(r));
      for (const node of roots) {
        for (const spec of specs) {
          const needle = needleOf(spec);
          const scanned = preorder(node).filter((r) => matchesNeedle(r, needle));
          expect(positions(matchingInSubtree(node, needle))).toEqual(positions(scanned));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

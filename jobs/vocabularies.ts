import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { optionalSpec, paging } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";

/**
 * Gene vocabulary filter (siibra `InstanceTable.find` over gene symbols): an exact symbol gives
 * that gene; otherwise every symbol containing each whitespace-separated word, case-insensitively.
 */
export const listGenes = defineJob({
  name: "vocabularies.genes",
  python: {
    name: "genes",
    source: pySource(
      "def genes(find: str = None):",
      "    import siibra",
      "    return siibra.vocabularies.GENE_NAMES.find(find) if find else list(siibra.vocabularies.GENE_NAMES)",
    ),
  },
  queue: "features",
  immutable: true,
  payload: v.object({ find: optionalSpec, ...paging }),
  run({ find, page, size }, { store }) {
    const genes = store.vocabularies.genes;
    let symbols = Object.keys(genes);
    if (find && genes[find] !== undefined) symbols = [find];
    else if (find) {
      const words = find.toLowerCase().split(/\s+/).filter(Boolean);
      symbols = symbols.filter((s) => words.every((w) => s.toLowerCase().includes(w)));
    }
    const window = paginate(symbols, page, size);
    return {
      ...window,
      items: window.items.map((symbol) => ({
        "@type": "siibra-0.4/vocabulary/gene",
        symbol,
        description: genes[symbol],
      })),
    };
  },
});

import { conceptDescription } from "../serialize/parcellation.ts";
import { citations } from "./info-md.ts";
import type { DatasetRefs } from "../atlas/model.ts";
import type { BundleContext } from "./context.ts";

/** Description (with siibra's dataset fallback), citations and licences of a concept, for `.info.md`. */
export async function datasetTexts<C>(ctx: BundleContext<C>, refs: DatasetRefs, own: string) {
  const datasets = await ctx.datasets.resolve(refs);
  const pubs = [
    ...refs.publications,
    ...datasets.flatMap((ds) =>
      ((ds.urls ?? []) as { url: string }[]).map((u) => ({ citation: `Dataset name: ${String(ds.name)}`, url: u.url })),
    ),
  ];
  // Licences are known for generic (publication) datasets only; EBRAINS ones live in the knowledge graph.
  const license = refs.publications.flatMap((p) => (p.name && p.license ? [p.license] : [])).join("\n");
  return { description: conceptDescription(own, datasets), citations: citations(pubs), license, datasets };
}

import { BadRequestError } from "../../errors.ts";
import { parcellationBySpec, regionBySpec } from "../../atlas/lookup.ts";
import { encodeLqId } from "./lq-id.ts";
import { regionMask } from "./region-mask.ts";
import {
  GENE_EXPRESSION_DESCRIPTION,
  allenMeasures,
  geneExpressionFeature,
  geneExpressionTable,
} from "./gene-expressions.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemoteFetcher } from "../../lib/remote.ts";

type GeneContext = { store: AtlasStore; fetcher: RemoteFetcher; dataCache: ByteLru };

const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

/** `GENE_NAMES.get(gene)`: the vocabulary's symbol (exact, else the one case-insensitive match). */
function geneSymbol(store: AtlasStore, gene: string): string {
  const genes = store.vocabularies.genes;
  if (genes[gene] !== undefined) return gene;
  const matches = Object.keys(genes).filter((s) => s.toLowerCase() === gene.toLowerCase());
  if (matches.length === 1) return matches[0];
  throw new BadRequestError(`gene '${gene}' is not in siibra's gene vocabulary (see /vocabularies/genes)`);
}

/** `AllenBrainAtlasQuery(gene=…).query(region)`, wrapped with its live-query id. */
export async function geneExpressions(ctx: GeneContext, parcellationId: string, regionId: string, gene: string) {
  const parcellation = parcellationBySpec(ctx.store, parcellationId);
  const region = regionBySpec(ctx.store, parcellation, regionId);
  const symbol = geneSymbol(ctx.store, gene);
  // siibra fetches the mask first, then queries the Allen API.
  const mask = await regionMask(ctx, { parcellationId: parcellation.id, spaceId: MNI152, regionId: region.name });
  const measures = await allenMeasures(ctx, [symbol]);
  const space = ctx.store.spaceById.get(MNI152)?.name ?? MNI152;
  const feature = geneExpressionFeature(region.name, space, measures, mask);
  const context = { kind: "region", parcellationId: parcellation.id, regionName: region.name } as const;
  return { feature, region, id: encodeLqId("GeneExpressions", context, feature.innerId) };
}

type Found = Awaited<ReturnType<typeof geneExpressions>>;

/** `SiibraTabularModel` of a gene expression feature; detail adds the anchor and the table. */
export function geneExpressionModel({ feature, id }: Found, detail: boolean) {
  return {
    "@type": "siibra-0.4/feature/tabular",
    id,
    modality: "Gene expression",
    category: "molecular",
    description: GENE_EXPRESSION_DESCRIPTION,
    name: feature.name,
    datasets: [],
    anchor: detail
      ? {
          "@type": "siibra-0.4/anchor",
          location: { "@type": "siibra-0.4/location/pointset", space: { "@id": MNI152 } },
          regions: [],
          // The assignment's text form is not reproduced; its explanation is the region-mask comparison.
          last_match_description: "",
          last_match_result: [],
        }
      : null,
    data: detail ? geneExpressionTable(feature) : null,
  };
}

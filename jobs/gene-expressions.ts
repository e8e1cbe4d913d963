import * as v from "valibot";
import { defineJob } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { BadRequestError, NotFoundError } from "../src/errors.ts";
import { parcellationBySpec, regionBySpec } from "../src/atlas/lookup.ts";
import { encodeLqId } from "../src/features/live/lq-id.ts";
import { mni152RegionMask } from "../src/features/live/region-mask.ts";
import {
  GENE_EXPRESSION_DESCRIPTION,
  allenMeasures,
  geneExpressionFeature,
  geneExpressionTable,
} from "../src/features/live/gene-expressions.ts";
import type { AtlasStore } from "../src/atlas/store.ts";
import type { JobContext } from "./context.ts";

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
export async function geneExpressions(ctx: JobContext, parcellationId: string, regionId: string, gene: string) {
  const parcellation = parcellationBySpec(ctx.store, parcellationId);
  const region = regionBySpec(ctx.store, parcellation, regionId);
  const symbol = geneSymbol(ctx.store, gene);
  // siibra fetches the mask first, then queries the Allen API.
  const mask = await mni152RegionMask(region.name);
  const deps = { fetcher: ctx.fetcher, dataCache: ctx.dataCache };
  const measures = await allenMeasures(deps, [symbol]);
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

const payload = { parcellation_id: spec, region_id: spec, gene: spec };
const python = (name: string, tail: string) => ({
  name,
  source: `def ${name}(parcellation_id: str, region_id: str, gene: str${tail ? ", feature_id: str" : ""}):\n    import siibra\n    features = siibra.features.get(siibra.get_region(parcellation_id, region_id), 'GeneExpressions', gene=gene)\n    return features${tail}`,
});

/** `/feature/GeneExpressions`: one feature per query (the samples inside the region's mask). */
export const listGeneExpressions = defineJob({
  name: "features.genes.list",
  python: python("list_gene_expressions", ""),
  queue: "features",
  payload: v.object({ ...payload, ...paging }),
  async run({ parcellation_id, region_id, gene, page, size }, ctx) {
    const found = await geneExpressions(ctx, parcellation_id, region_id, gene);
    return paginate([geneExpressionModel(found, false)], page, size);
  },
});

/** `/feature/GeneExpressions/{feature_id}`: the single object in detail form (Q2). */
export const getGeneExpression = defineJob({
  name: "features.genes.get",
  python: python("get_gene_expression", "[[f.id for f in features].index(feature_id)]"),
  queue: "features",
  payload: v.object({ ...payload, feature_id: spec }),
  async run({ parcellation_id, region_id, gene, feature_id }, ctx) {
    const found = await geneExpressions(ctx, parcellation_id, region_id, gene);
    if (found.id !== feature_id && found.feature.innerId !== feature_id)
      throw new NotFoundError("list index out of range");
    return geneExpressionModel(found, true);
  },
});

import * as v from "valibot";
import { defineJob } from "./job.ts";
import { paging, spec } from "./schemas.ts";
import { paginate } from "../src/lib/pagination.ts";
import { NotFoundError } from "../src/errors.ts";
import { geneExpressionModel, geneExpressions } from "../src/features/live/gene-query.ts";

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

/**
 * `/feature/GeneExpressions/{feature_id}`: the single object in detail form
 * (docs/decisions.md#single-live-feature).
 */
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

import { parcellationBySpec, regionBySpec } from "../src/atlas/lookup.ts";
import { imageById, imageBox } from "../src/features/images/query.ts";
import { imageAnchor, voiModel } from "../src/features/images/models.ts";
import { decodeLqId } from "../src/features/live/lq-id.ts";
import { matchDatasets, regionSnapshot } from "../src/features/live/ebrains-query.ts";
import { ebrainsFeatureModel, regionSpecAnchor } from "../src/features/live/ebrains-model.ts";
import { encodeLqId } from "../src/features/live/lq-id.ts";
import { readmeFromDatasets, zipFiles } from "../src/features/live/export-zip.ts";
import { geneExpressionModel, geneExpressions } from "./gene-expressions.ts";
import { BadRequestError } from "../src/errors.ts";
import type { JobContext } from "./context.ts";

/**
 * The feature kinds this part of the service answers by id (`/feature/{id}`, `/plotly`, `/download`):
 * preconfigured images and live-query (`lq0::`) EBRAINS data features. The generic routes ask each
 * source whether it owns an id; `detail` answers null when the id is well-formed but names nothing.
 */
export type FeatureSource = {
  owns(id: string, ctx: JobContext): boolean;
  detail(id: string, params: Record<string, string>, ctx: JobContext): Promise<Record<string, unknown> | null>;
  /** Zip bytes of `Feature.export`, null when the id names nothing. */
  export?(id: string, params: Record<string, string>, ctx: JobContext): Promise<Uint8Array<ArrayBuffer> | null>;
};

const deps = (ctx: JobContext) => ({ fetcher: ctx.fetcher, dataCache: ctx.dataCache });

/** Preconfigured VOIs and sections, in siibra 0.4's serializer form (anchor with the bbox location). */
export const imageSource: FeatureSource = {
  owns: (id, ctx) => imageById(ctx.store, id) !== undefined,
  async detail(id, _params, ctx) {
    const image = imageById(ctx.store, id);
    if (!image) return null;
    const box = await imageBox(deps(ctx), image);
    const spaceName = ctx.store.spaceById.get(image.spaceId)?.name ?? image.spaceId;
    return voiModel(
      image,
      box,
      spaceName,
      { atType: "siibra-0.4/feature/volume_of_interest", anchor: imageAnchor(image.spaceId) },
      ctx,
    );
  },
  async export(id, params, ctx) {
    const model = await this.detail(id, params, ctx);
    if (!model) return null;
    const readme = readmeFromDatasets(
      { name: String(model.name), description: String(model.description), modality: String(model.modality) },
      model.datasets as Record<string, unknown>[],
    );
    // siibra 0.4's Image export writes this placeholder instead of voxel data.
    return zipFiles({ "README.md": readme, "volume.txt": "Volume cannot be downloaded yet." });
  },
};

/** Live EBRAINS data features: the id carries the query context, so the query is re-run. */
export const ebrainsSource: FeatureSource = {
  owns: (id) => decodeLqId(id)?.className === "EbrainsDataFeature",
  async detail(id, _params, ctx) {
    const lq = decodeLqId(id);
    if (lq?.context.kind !== "region") return null;
    const parcellation = parcellationBySpec(ctx.store, lq.context.parcellationId);
    const region = regionBySpec(ctx.store, parcellation, lq.context.regionName);
    const context = { kind: "region", parcellationId: parcellation.id, regionName: region.name } as const;
    const found = matchDatasets(ctx.store, await regionSnapshot(deps(ctx)), region).find(
      (d) => d.id === lq.innerId || encodeLqId("EbrainsDataFeature", context, d.id) === id,
    );
    if (!found) return null;
    const model = await ebrainsFeatureModel(found, id, regionSpecAnchor(), ctx.datasets);
    // `/feature/{id}` validates through a union whose first fitting member adds these keys (Q3).
    return { ...model, data: null, neurotransmitters: null, receptors: null };
  },
  async export(id, params, ctx) {
    const model = await this.detail(id, params, ctx);
    if (!model) return null;
    const datasets = model.datasets as Record<string, unknown>[];
    const readme = readmeFromDatasets(
      { name: String(model.name), description: String(model.description), modality: null },
      datasets,
    );
    const page = datasets.map((d) => d.ebrains_page).find((p) => typeof p === "string") ?? "None";
    return zipFiles({ "README.md": readme, "doi.md": `\ndoi\n---\n${page}\n` });
  },
};

/**
 * Live gene expressions: the query is re-run with the request's `gene` (siibra-api forwards every
 * query parameter to `get_instance_by_id`).
 */
export const geneSource: FeatureSource = {
  owns: (id) => decodeLqId(id)?.className === "GeneExpressions",
  async detail(id, params, ctx) {
    const lq = decodeLqId(id);
    if (lq?.context.kind !== "region") return null;
    if (!params.gene) throw new BadRequestError("gene expression features need the query parameter gene");
    const found = await geneExpressions(ctx, lq.context.parcellationId, lq.context.regionName, params.gene);
    if (found.feature.innerId !== lq.innerId && found.id !== id) return null;
    // Through `/feature/{id}` the union's first fitting member adds the receptor keys (Q3).
    return { ...geneExpressionModel(found, true), neurotransmitters: null, receptors: null };
  },
};

export const FEATURE_QUERY_SOURCES: FeatureSource[] = [imageSource, ebrainsSource, geneSource];

import { DetailNotFoundError, BadRequestError } from "../../errors.ts";
import { parcellationBySpec, regionBySpec } from "../../atlas/lookup.ts";
import { imageById, imageBox } from "../images/query.ts";
import { imageAnchor, voiModel } from "../images/models.ts";
import { decodeLqId, encodeLqId } from "./lq-id.ts";
import { matchDatasets, regionSnapshot } from "./ebrains-query.ts";
import { ebrainsFeatureModel, regionSpecAnchor } from "./ebrains-model.ts";
import { geneExpressionModel, geneExpressions } from "./gene-query.ts";
import { readmeFromDatasets } from "./readme.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { DatasetResolver } from "../../datasets/types.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemapRules, RemoteFetcher } from "../../lib/remote.ts";

/** What these sources use; a job's context satisfies it. */
export type LiveContext = {
  store: AtlasStore;
  datasets: DatasetResolver;
  fetcher: RemoteFetcher;
  dataCache: ByteLru;
  /** Served provider URLs are remapped like everywhere else (empty when absent). */
  remap?: RemapRules;
};

export type ExportFile = { name: string; text: string };

/**
 * The feature kinds this part answers by id (`/feature/{id}`, `/plotly`, `/download`), in the shape
 * of the generic routes' feature sources: preconfigured images, and live-query (`lq0::`) EBRAINS data
 * features and gene expressions. An id a source owns but cannot find is a `DetailNotFoundError`.
 */
export type LiveFeatureSource = {
  readonly name: string;
  owns(ctx: LiveContext, featureId: string): boolean;
  detail(
    ctx: LiveContext,
    featureId: string,
    opts: { subject: string | null; params?: Record<string, string> },
  ): Promise<Record<string, unknown>>;
  export?(ctx: LiveContext, featureId: string): Promise<ExportFile[]>;
};

const notFound = (id: string) => new DetailNotFoundError(`feature ${id} not found`);
const deps = (ctx: LiveContext) => ({ fetcher: ctx.fetcher, dataCache: ctx.dataCache });

function readmeFile(model: Record<string, unknown>, modality: string | null): ExportFile {
  const text = readmeFromDatasets(
    { name: String(model.name), description: String(model.description), modality },
    model.datasets as Record<string, unknown>[],
  );
  return { name: "README.md", text };
}

/**
 * Preconfigured VOIs and sections, in siibra 0.4's serializer form (anchor located by the bbox,
 * docs/decisions.md#bounding-box-anchors).
 */
export const imageSource: LiveFeatureSource = {
  name: "images",
  owns: (ctx, id) => imageById(ctx.store, id) !== undefined,
  async detail(ctx, id) {
    const image = imageById(ctx.store, id);
    if (!image) throw notFound(id);
    const box = await imageBox(deps(ctx), image);
    const spaceName = ctx.store.spaceById.get(image.spaceId)?.name ?? image.spaceId;
    const form = { atType: "siibra-0.4/feature/volume_of_interest", anchor: imageAnchor(image.spaceId) };
    return voiModel(image, box, spaceName, form, { datasets: ctx.datasets, remap: ctx.remap ?? [] });
  },
  async export(ctx, id) {
    const model = await this.detail(ctx, id, { subject: null });
    // siibra 0.4's Image export writes this placeholder instead of voxel data.
    return [
      readmeFile(model, String(model.modality)),
      { name: "volume.txt", text: "Volume cannot be downloaded yet." },
    ];
  },
};

/** Live EBRAINS data features: the id carries the query context, so the query is re-run. */
export const ebrainsSource: LiveFeatureSource = {
  name: "ebrains-datafeatures",
  owns: (_ctx, id) => decodeLqId(id)?.className === "EbrainsDataFeature",
  async detail(ctx, id) {
    const lq = decodeLqId(id);
    if (lq?.context.kind !== "region") throw notFound(id);
    const parcellation = parcellationBySpec(ctx.store, lq.context.parcellationId);
    const region = regionBySpec(ctx.store, parcellation, lq.context.regionName);
    const context = { kind: "region", parcellationId: parcellation.id, regionName: region.name } as const;
    const found = matchDatasets(ctx.store, await regionSnapshot(deps(ctx)), region).find(
      (d) => d.id === lq.innerId || encodeLqId("EbrainsDataFeature", context, d.id) === id,
    );
    if (!found) throw notFound(id);
    return ebrainsFeatureModel(found, id, regionSpecAnchor(), ctx.datasets);
  },
  async export(ctx, id) {
    const model = await this.detail(ctx, id, { subject: null });
    const datasets = model.datasets as Record<string, unknown>[];
    const page = datasets.map((d) => d.ebrains_page).find((p) => typeof p === "string") ?? "None";
    return [readmeFile(model, null), { name: "doi.md", text: `\ndoi\n---\n${page}\n` }];
  },
};

/** Live gene expressions: re-run with the request's `gene` (siibra-api forwards every query parameter). */
export const geneSource: LiveFeatureSource = {
  name: "gene-expressions",
  owns: (_ctx, id) => decodeLqId(id)?.className === "GeneExpressions",
  async detail(ctx, id, opts) {
    const lq = decodeLqId(id);
    if (lq?.context.kind !== "region") throw notFound(id);
    const gene = opts.params?.gene;
    if (!gene) throw new BadRequestError("gene expression features need the query parameter gene");
    const found = await geneExpressions(ctx, lq.context.parcellationId, lq.context.regionName, gene);
    if (found.feature.innerId !== lq.innerId && found.id !== id) throw notFound(id);
    return geneExpressionModel(found, true);
  },
};

/** Asked before the preconfigured source (an image id is also a configuration id). */
export const LIVE_FEATURE_SOURCES: LiveFeatureSource[] = [imageSource, ebrainsSource, geneSource];

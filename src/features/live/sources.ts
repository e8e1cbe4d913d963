import { DetailNotFoundError, BadRequestError } from "../../errors.ts";
import { imageById, imageBox } from "../images/query.ts";
import { imageAnchor, voiModel } from "../images/models.ts";
import { decodeLqId } from "./lq-id.ts";
import { ebrainsFeatures } from "./ebrains-query.ts";
import { ebrainsFeatureModel, regionSpecAnchor } from "./ebrains-model.ts";
import { geneExpressionModel, geneExpressions } from "./gene-query.ts";
import { readmeFromDatasets } from "./readme.ts";
import type { ExportFile } from "../export-file.ts";
import type { FeatureSource } from "../source-type.ts";

/**
 * The feature kinds this part answers by id (`/feature/{id}`, `/plotly`, `/download`), as feature
 * sources of the generic routes: preconfigured images, and live-query (`lq0::`) EBRAINS data features
 * and gene expressions. An id a source owns but cannot find is a `DetailNotFoundError`.
 */
const notFound = (id: string) => new DetailNotFoundError(`feature ${id} not found`);

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
export const imageSource = {
  name: "images",
  owns: (ctx, id) => imageById(ctx.store, id) !== undefined,
  async detail(ctx, id, _opts) {
    const image = imageById(ctx.store, id);
    if (!image) throw notFound(id);
    const box = await imageBox(ctx, image);
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
} satisfies FeatureSource;

/** Live EBRAINS data features: the id carries the query context, so the query is re-run. */
export const ebrainsSource = {
  name: "ebrains-datafeatures",
  owns: (_ctx, id) => decodeLqId(id)?.className === "EbrainsDataFeature",
  async detail(ctx, id, _opts) {
    const lq = decodeLqId(id);
    if (lq?.context.kind !== "region") throw notFound(id);
    const all = await ebrainsFeatures(ctx, lq.context.parcellationId, lq.context.regionName);
    const found = all.find((f) => f.dataset.id === lq.innerId || f.id === id);
    if (!found) throw notFound(id);
    return ebrainsFeatureModel(found.dataset, id, regionSpecAnchor(), ctx.datasets);
  },
  async export(ctx, id) {
    const model = await this.detail(ctx, id, { subject: null });
    const datasets = model.datasets as Record<string, unknown>[];
    const page = datasets.map((d) => d.ebrains_page).find((p) => typeof p === "string") ?? "None";
    return [readmeFile(model, null), { name: "doi.md", text: `\ndoi\n---\n${page}\n` }];
  },
} satisfies FeatureSource;

/** Live gene expressions: re-run with the request's `gene` (siibra-api forwards every query parameter). */
const geneSource = {
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
} satisfies FeatureSource;

/** Asked before the preconfigured source (an image id is also a configuration id). */
export const LIVE_FEATURE_SOURCES: FeatureSource[] = [imageSource, ebrainsSource, geneSource];

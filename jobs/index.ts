import { getAtlas, listAtlases } from "./atlases.ts";
import { getSpace, listSpaces } from "./spaces.ts";
import { getParcellation, listParcellations } from "./parcellations.ts";
import { getRegion, getRegionInSpace, listRegions, relatedRegions } from "./regions.ts";
import { getMap, getMapById, listMaps } from "./maps.ts";
import { listFeatures, listFeatureTypes } from "./features.ts";
import {
  getFeatureById,
  getFeatureDownload,
  getFeatureInContext,
  getFeaturePlot,
  listRegionFeatures,
} from "./feature-data.ts";
import { listGenes } from "./vocabularies.ts";
import { assign, labelledMap, resampledTemplate, statisticalMap, statisticalMapInfoJob } from "./volumes.ts";
import { atlasDownload } from "./atlas-download.ts";
import { getGeneExpression, listGeneExpressions } from "./gene-expressions.ts";
import { getEbrainsDataFeature, getImage, listEbrainsDataFeatures, listImages } from "./feature-queries.ts";
import type { Job } from "./job.ts";

/** Every job by name: what a worker may be asked to run. */
export const JOBS: ReadonlyMap<string, Job> = new Map(
  [
    listAtlases,
    getAtlas,
    listSpaces,
    getSpace,
    listParcellations,
    getParcellation,
    listRegions,
    getRegion,
    getRegionInSpace,
    relatedRegions,
    listMaps,
    getMapById,
    getMap,
    listFeatureTypes,
    listFeatures,
    getFeatureById,
    getFeaturePlot,
    getFeatureDownload,
    getFeatureInContext,
    listRegionFeatures,
    listGenes,
    labelledMap,
    resampledTemplate,
    statisticalMap,
    statisticalMapInfoJob,
    assign,
    atlasDownload,
    listImages,
    getImage,
    listEbrainsDataFeatures,
    getEbrainsDataFeature,
    listGeneExpressions,
    getGeneExpression,
  ].map((job) => [job.name, job as Job]),
);

import * as v from "valibot";
import { defineJob } from "./job.ts";
import { optionalSpec, paging, spec } from "./schemas.ts";
import { AppError, BadRequestError, DetailNotFoundError } from "../src/errors.ts";
import { FileBody } from "../src/lib/file-body.ts";
import { paginate } from "../src/lib/pagination.ts";
import { featureSourceFor } from "../src/features/sources.ts";
import { errorZip, featureExportZip } from "../src/features/export.ts";
import {
  asFeatureIdUnionItem,
  asTabularUnionItem,
  checkRouteKinds,
  featureListModel,
} from "../src/features/serialize.ts";
import { queryFeatures, regionFeatures } from "../src/features/query.ts";
import { voiModel } from "../src/features/images/models.ts";
import { V2_VOI } from "./feature-queries.ts";
import type { JobContext } from "./context.ts";
import { featureIndex } from "../src/features/preconfigured/feature-index.ts";
import { featureDetailModel } from "../src/features/preconfigured/detail-model.ts";
import { parcellationBySpec, regionBySpec } from "../src/atlas/lookup.ts";
import { NotFoundError } from "../src/errors.ts";
import { PLOTLY_TEMPLATES } from "../src/features/plots/templates.ts";
import { pyQuote } from "../src/features/py-quote.ts";

/**
 * The generic feature routes (`/feature/{id}`, `/plotly`, `/download`): whichever feature source owns
 * the id answers. Heavy data work (downloads, decoding matrices) runs here, in the features queue.
 */
export const getFeatureById = defineJob({
  name: "features.byId",
  python: {
    name: "get_single_feature_from_id",
    source:
      "def get_single_feature_from_id(feature_id: str, **kwargs):\n    import siibra\n    return siibra.features.Feature.get_instance_by_id(feature_id)",
  },
  queue: "features",
  payload: v.object({ feature_id: spec, subject: optionalSpec, gene: v.optional(optionalSpec, null) }),
  async run({ feature_id, subject, gene }, ctx) {
    const source = featureSourceFor(ctx, feature_id);
    // Upstream turns every lookup failure into a 400 carrying the exception text
    // (docs/decisions.md#feature-miss-statuses).
    if (!source) throw new BadRequestError("list index out of range");
    const params: Record<string, string> = gene ? { gene } : {};
    try {
      return asFeatureIdUnionItem(await source.detail(ctx, feature_id, { subject, params }));
    } catch (err) {
      // A live-query id whose re-run query no longer yields it: upstream's NotFoundException, also a 400.
      if (err instanceof DetailNotFoundError) throw new BadRequestError(String(err.body.detail));
      throw err;
    }
  },
});

export const getFeaturePlot = defineJob({
  name: "features.plotly",
  python: {
    name: "get_single_feature_plot_from_id",
    source:
      "def get_single_feature_plot_from_id(feature_id: str, template='plotly', **kwargs):\n    import siibra\n    feature = siibra.features.Feature.get_instance_by_id(feature_id)\n    return feature.plot(backend='plotly', template=template, **kwargs)",
  },
  queue: "features",
  payload: v.object({
    feature_id: spec,
    template: v.picklist(PLOTLY_TEMPLATES),
    params: v.record(v.string(), v.string()),
  }),
  async run({ feature_id, template, params }, ctx) {
    const source = featureSourceFor(ctx, feature_id);
    if (!source) throw new DetailNotFoundError(`feature with id ${feature_id} not found`);
    const figure = source.plot ? await source.plot(ctx, feature_id, { template, params }) : null;
    if (!figure)
      throw new DetailNotFoundError(
        `feature with id ${feature_id} is found, but the plot function has not been implemented`,
      );
    return figure;
  },
});

export const getFeatureDownload = defineJob({
  name: "features.download",
  python: {
    name: "get_single_feature_download",
    source:
      "def get_single_feature_download(feature_id: str, **kwargs):\n    import siibra\n    siibra.features.Feature.get_instance_by_id(feature_id).export(f'download-{feature_id}.zip')",
  },
  queue: "features",
  payload: v.object({ feature_id: spec }),
  async run({ feature_id }, ctx) {
    let bytes: Uint8Array;
    try {
      bytes = await featureExportZip(ctx, feature_id);
    } catch (err) {
      // Unknown ids and data hosts that fail are envelopes; anything else is upstream's error.txt zip.
      if (err instanceof AppError) throw err;
      bytes = await errorZip(feature_id, err instanceof Error ? err.message : String(err));
    }
    return new FileBody(new Uint8Array(bytes), "application/zip", {
      "content-disposition": `attachment; filename*=utf-8''${pyQuote(`download-${feature_id}.zip`)}`,
    });
  },
});

const spaceName = (ctx: JobContext, id: string) => ctx.store.spaceById.get(id)?.name ?? id;

/** `/regions/{region_id}/features`: every feature matching the region (all classes), list form. */
export const listRegionFeatures = defineJob({
  name: "features.ofRegion",
  python: {
    name: "get_all_features_of_region",
    source:
      "def get_all_features_of_region(parcellation_id: str, region_id: str):\n    import siibra\n    region = siibra.get_region(parcellation_id, region_id)\n    return siibra.features.get(region, siibra.features.Feature)",
  },
  queue: "features",
  payload: v.object({ parcellation_id: spec, region_id: spec, ...paging }),
  async run({ parcellation_id, region_id, page, size }, ctx) {
    const window = paginate(await regionFeatures(ctx, parcellation_id, region_id), page, size);
    const items = await Promise.all(
      window.items.map(async (f) =>
        "image" in f
          ? voiModel(f.image, f.box, spaceName(ctx, f.image.spaceId), { atType: V2_VOI, anchor: null }, ctx)
          : asFeatureIdUnionItem(await featureListModel(f, ctx.datasets)),
      ),
    );
    return { ...window, items };
  },
});

/**
 * `/feature/{Tabular|CorticalProfile|RegionalConnectivity}/{feature_id}`: upstream re-runs the list
 * query and picks the feature with that id (a miss is 404, docs/decisions.md#feature-miss-statuses); the anchor
 * then reports how the feature matched the query concept.
 */
export const getFeatureInContext = defineJob({
  name: "features.inContext",
  python: {
    name: "get_single_feature",
    source:
      "def get_single_feature(feature_id: str, parcellation_id: str, region_id: str = None, type: str = None, subject: str = None):\n    import siibra\n    concept = siibra.get_region(parcellation_id, region_id) if region_id else siibra.parcellations[parcellation_id]\n    return [f for f in siibra.features.get(concept, type) if f.id == feature_id][0]",
  },
  queue: "features",
  payload: v.object({
    route: v.picklist(["Tabular", "CorticalProfile", "RegionalConnectivity"]),
    feature_id: spec,
    parcellation_id: spec,
    region_id: optionalSpec,
    type: optionalSpec,
    subject: optionalSpec,
  }),
  async run({ route, feature_id, parcellation_id, region_id, type, subject }, ctx) {
    const typeSpec = type || route;
    const features = queryFeatures(ctx.store, { parcellationId: parcellation_id, regionId: region_id, type: typeSpec });
    checkRouteKinds(route, typeSpec, features);
    const record = features.find((f) => f.id === feature_id);
    if (!record) throw new NotFoundError("list index out of range");
    const parcellation = parcellationBySpec(ctx.store, parcellation_id);
    const concept = region_id === null ? parcellation.root : regionBySpec(ctx.store, parcellation, region_id);
    const assignments = featureIndex(ctx.store).assignments(record, concept);
    const model = await featureDetailModel(ctx, record, subject, assignments);
    return route === "Tabular" ? asTabularUnionItem(model, record.kind) : model;
  },
});

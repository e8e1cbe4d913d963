import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { optionalString, pagination, requiredString } from "../src/http/request/params.ts";
import { listFeatures, listFeatureTypes } from "../jobs/features.ts";
import { getFeatureById, getFeatureDownload, getFeatureInContext, getFeaturePlot } from "../jobs/feature-data.ts";
import { PLOTLY_TEMPLATES } from "../src/features/plots/templates.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { CacheClass, PolicyRequest } from "../src/http/request/route-policy.ts";
import type { AppEnv } from "../src/http/env.ts";

const parcellationId = requiredString("Parcellation Id");
const regionId = requiredString("Region Id");
const type = optionalString("Type");
const subject = optionalString("Subject");
const template = v.optional(
  v.pipe(v.picklist(PLOTLY_TEMPLATES), v.title("PlotlyTemplate"), v.description("An enumeration.")),
  "plotly",
);

const LIVE_CATEGORIES = ["GeneExpressions", "EbrainsDataFeature"];

/**
 * Ids of live-query features (`lq0::…`, and the live categories' `<Cat>/<id>`) are answered from remote
 * services: the same request may answer differently tomorrow, so they are never shared-cached.
 */
const unlessLive =
  (cache: CacheClass) =>
  ({ param }: PolicyRequest): CacheClass => {
    const id = param("feature_id");
    const live = id.startsWith("lq0::") || LIVE_CATEGORIES.some((c) => id === c || id.startsWith(`${c}/`));
    return live ? "live" : cache;
  };

/** Query parameters other than the declared ones, forwarded to the plot as upstream does (`regions`, `subject`). */
function forwarded(query: Record<string, string>, declared: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([k]) => !declared.includes(k)));
}

/**
 * `/feature/{id}/plotly` and `/feature/{id}/download` come first (upstream's version-1 group), so
 * `/feature/Tabular/x/plotly` is the plot of feature `Tabular/x`.
 */
export const featureFiles = new Hono<AppEnv>()
  .get(
    "/:feature_id{.+}/plotly",
    describe({
      tags: ["feature"],
      summary: "Get Single Feature Plot",
      policy: { class: "detail", cache: unlessLive("metadata") },
      description:
        "Get the plotly specification of the plot.\n            \nFor the appearance of the template, see [https://plotly.com/python/templates/](https://plotly.com/python/templates/)",
    }),
    query(v.object({ template })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, getFeaturePlot, {
        feature_id: c.req.param("feature_id"),
        template: q.template,
        params: forwarded(c.req.query(), ["template"]),
      });
    },
  )
  .get(
    "/:feature_id{.+}/download",
    describe({
      tags: ["feature"],
      summary: "Get Single Feature Download",
      policy: { class: "files", cache: unlessLive("files") },
      description: "Get a zip archive of the downloadables from a feature.",
    }),
    async (c) => runJob(c, getFeatureDownload, { feature_id: c.req.param("feature_id") }),
  );

/** The catch-all detail route, mounted after every other `/feature/...` route. */
export const featureById = new Hono<AppEnv>().get(
  "/:feature_id{.+}",
  describe({
    tags: ["feature"],
    summary: "Get Single Feature",
    policy: { class: "detail", cache: unlessLive("metadata") },
    description:
      "This endpoint allows detail of a single feature to be fetched, without the necessary context. However, the tradeoff for this endpoint is:\n\n- the endpoint typing is the union of all possible return types\n- the client needs to supply any necessary query param (e.g. subject for regional connectivity, gene for gene expression etc)",
    response: "FeatureIdResponseModel",
  }),
  async (c) =>
    runJob(c, getFeatureById, {
      feature_id: c.req.param("feature_id"),
      subject: c.req.query("subject") ?? null,
      // Gene expression ids re-run their query with the gene (siibra-api forwards every query parameter).
      gene: c.req.query("gene") ?? null,
    }),
);

/** Upstream's route order: `_types`, then one list route per category (detail routes come later). */
export const features = new Hono<AppEnv>()
  .get(
    "/_types",
    describe({
      tags: ["feature"],
      summary: "Get All Feature Types",
      policy: { class: "critical", cache: "metadata" },
      description: "Get meta info of all feature types",
      response: "Page_FeatureMetaModel_",
    }),
    query(v.object(pagination)),
    async (c) => runJob(c, listFeatureTypes, c.req.valid("query")),
  )
  .get(
    "/RegionalConnectivity",
    describe({
      tags: ["feature"],
      summary: "Get All Connectivity Features",
      policy: { class: "interactive", cache: "metadata" },
      description: "Get all connectivity features",
      response: "Page_SiibraRegionalConnectivityModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, type, ...pagination })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listFeatures, { ...q, route: "RegionalConnectivity", region_id: null, type: q.type ?? null });
    },
  )
  .get(
    "/RegionalConnectivity/:feature_id{.+}",
    describe({
      tags: ["feature"],
      summary: "Get Single Connectivity Feature",
      policy: { class: "detail", cache: "metadata" },
      description:
        "subject is an optional param.\nIf provided, the specific matrix will be return.\nIf not provided, the matrix averaged between subjects will be returned under the key _average.",
      response: "SiibraRegionalConnectivityModel",
    }),
    query(v.object({ parcellation_id: parcellationId, subject, type })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, getFeatureInContext, {
        route: "RegionalConnectivity",
        feature_id: c.req.param("feature_id"),
        parcellation_id: q.parcellation_id,
        region_id: null,
        type: q.type ?? null,
        subject: q.subject ?? null,
      });
    },
  )
  .get(
    "/CorticalProfile",
    describe({
      tags: ["feature"],
      summary: "Get All Corticalprofile Features",
      policy: { class: "interactive", cache: "metadata" },
      description: "Get all CorticalProfile features",
      response: "Page_SiibraCorticalProfileModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, type, ...pagination })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listFeatures, { ...q, route: "CorticalProfile", type: q.type ?? null });
    },
  )
  .get(
    "/CorticalProfile/:feature_id{.+}",
    describe({
      tags: ["feature"],
      summary: "Get Single Corticalprofile Feature",
      policy: { class: "detail", cache: "metadata" },
      description: "Get a single CorticalProfile feature",
      response: "SiibraCorticalProfileModel",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, type })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, getFeatureInContext, {
        route: "CorticalProfile",
        feature_id: c.req.param("feature_id"),
        parcellation_id: q.parcellation_id,
        region_id: q.region_id,
        type: q.type ?? null,
        subject: null,
      });
    },
  )
  .get(
    "/Tabular",
    describe({
      tags: ["feature"],
      summary: "Get All Tabular",
      policy: { class: "interactive", cache: "metadata" },
      description: "Get all tabular features",
      response: "Page_Union_SiibraCorticalProfileModel__SiibraReceptorDensityFp__SiibraTabularModel__",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, type, ...pagination })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listFeatures, { ...q, route: "Tabular", type: q.type ?? null });
    },
  )
  .get(
    "/Tabular/:feature_id{.+}",
    describe({
      tags: ["feature"],
      summary: "Get Single Tabular",
      policy: { class: "detail", cache: "metadata" },
      description: "Get a single tabular feature",
      response: "Union_SiibraCorticalProfileModel__SiibraReceptorDensityFp__SiibraTabularModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, type })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, getFeatureInContext, {
        route: "Tabular",
        feature_id: c.req.param("feature_id"),
        parcellation_id: q.parcellation_id,
        region_id: q.region_id,
        type: q.type ?? null,
        subject: null,
      });
    },
  );

import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { optionalString, pagination, requiredString } from "../src/http/request/params.ts";
import { getEbrainsDataFeature, getImage, listEbrainsDataFeatures, listImages } from "../jobs/feature-queries.ts";
import { getGeneExpression, listGeneExpressions } from "../jobs/gene-expressions.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

const spaceId = requiredString("Space Id");
const parcellationId = requiredString("Parcellation Id");
const regionId = requiredString("Region Id");

/**
 * A detail id: anything but a path that ends in `/plotly` or `/download`, which upstream routes to
 * the plot and download of feature `<Cat>/<id>` first (docs/upstream.md#routes-and-path-matching).
 */
const DETAIL_ID = ":feature_id{(?!.*/(?:plotly|download)$).+}";

/**
 * Live-query and image feature routes, mounted at `/feature` before the features sub-app so that
 * these paths win over `/feature/{feature_id}`.
 */
export const featureQueries = new Hono<AppEnv>()
  .get(
    "/Image",
    describe({
      tags: ["feature"],
      summary: "Get All Voi",
      policy: { class: "interactive", cache: "metadata" },
      description: "Get all Image features",
      response: "Page_SiibraVoiModel_",
    }),
    query(
      v.object({
        space_id: spaceId,
        bbox: optionalString("Bbox"),
        type: optionalString("Type"),
        ...pagination,
      }),
    ),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listImages, { ...q, bbox: q.bbox ?? null, type: q.type ?? null });
    },
  )
  .get(
    `/Image/${DETAIL_ID}`,
    describe({
      tags: ["feature"],
      summary: "Get Single Voi",
      policy: { class: "detail", cache: "metadata" },
      description: "Get a single Image feature",
      response: "SiibraVoiModel",
    }),
    query(v.object({ space_id: spaceId, type: optionalString("Type") })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, getImage, { ...q, type: q.type ?? null, feature_id: c.req.param("feature_id") });
    },
  )
  .get(
    "/EbrainsDataFeature",
    describe({
      tags: ["feature"],
      summary: "Get All Ebrains Df",
      policy: { class: "interactive", cache: "live" },
      description: "Get all EbrainsDataFeatures",
      response: "Page_SiibraEbrainsDataFeatureModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, ...pagination })),
    async (c) => runJob(c, listEbrainsDataFeatures, c.req.valid("query")),
  )
  .get(
    `/EbrainsDataFeature/${DETAIL_ID}`,
    describe({
      tags: ["feature"],
      summary: "Get Single Ebrains Df",
      policy: { class: "detail", cache: "live" },
      description: "Get a single EbrainsDataFeature",
      response: "Page_SiibraEbrainsDataFeatureModel_",
    }),
    // `page`/`size` are advertised upstream (and ignored: docs/decisions.md#single-live-feature).
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, ...pagination })),
    async (c) => {
      const { parcellation_id, region_id } = c.req.valid("query");
      return runJob(c, getEbrainsDataFeature, { parcellation_id, region_id, feature_id: c.req.param("feature_id") });
    },
  )
  .get(
    "/GeneExpressions",
    describe({
      tags: ["feature"],
      summary: "Get All Gene",
      policy: { class: "interactive", cache: "live" },
      description: "Get all GeneExpressions features",
      response: "Page_SiibraTabularModel_",
    }),
    query(
      v.object({ parcellation_id: parcellationId, region_id: regionId, gene: requiredString("Gene"), ...pagination }),
    ),
    async (c) => runJob(c, listGeneExpressions, c.req.valid("query")),
  )
  .get(
    `/GeneExpressions/${DETAIL_ID}`,
    describe({
      tags: ["feature"],
      summary: "Get Single Gene",
      policy: { class: "detail", cache: "live" },
      description: "Get a single GeneExpressions feature",
      response: "Page_SiibraTabularModel_",
    }),
    // `page`/`size` are advertised upstream (and ignored: docs/decisions.md#single-live-feature).
    query(
      v.object({ parcellation_id: parcellationId, region_id: regionId, gene: requiredString("Gene"), ...pagination }),
    ),
    async (c) => {
      const { parcellation_id, region_id, gene } = c.req.valid("query");
      return runJob(c, getGeneExpression, { parcellation_id, region_id, gene, feature_id: c.req.param("feature_id") });
    },
  );

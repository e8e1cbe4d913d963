import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/describe.ts";
import { query } from "../src/http/validate.ts";
import { optionalString, pagination, requiredString } from "../src/http/params.ts";
import { listFeatures, listFeatureTypes } from "../jobs/features.ts";
import { runJob } from "../src/http/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

const parcellationId = requiredString("Parcellation Id");
const regionId = requiredString("Region Id");
const type = optionalString("Type");

/** Upstream's route order: `_types`, then one list route per category (detail routes come later). */
export const features = new Hono<AppEnv>()
  .get(
    "/_types",
    describe({
      tags: ["feature"],
      summary: "Get All Feature Types",
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
    "/CorticalProfile",
    describe({
      tags: ["feature"],
      summary: "Get All Corticalprofile Features",
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
    "/Tabular",
    describe({
      tags: ["feature"],
      summary: "Get All Tabular",
      description: "Get all tabular features",
      response: "Page_Union_SiibraCorticalProfileModel__SiibraReceptorDensityFp__SiibraTabularModel__",
    }),
    query(v.object({ parcellation_id: parcellationId, region_id: regionId, type, ...pagination })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listFeatures, { ...q, route: "Tabular", type: q.type ?? null });
    },
  );

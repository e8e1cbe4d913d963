import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { optionalString, pagination, requiredString } from "../src/http/request/params.ts";
import { getRegion, getRegionInSpace, listRegions, relatedRegions } from "../jobs/regions.ts";
import { listRegionFeatures } from "../jobs/feature-data.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { ClassName } from "../src/http/admission/classes.ts";
import type { PolicyRequest } from "../src/http/request/route-policy.ts";
import type { AppEnv } from "../src/http/env.ts";

const parcellationId = requiredString("Parcellation Id");

/** A region in a space (its map and centroid) is a user's click; the bare region is navigation. */
const inSpace = ({ query }: PolicyRequest): ClassName =>
  /(^|&)space_id=[^&]/.test(query) ? "interactive" : "critical";

/** Order matters: `/related` must win over the catch-all region id, which may contain `/`. */
export const regions = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["region"],
      summary: "Get All Regions",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get all regions",
      response: "Page_ParcellationEntityVersionModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, find: optionalString("Find"), ...pagination })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listRegions, { ...q, find: q.find ?? null });
    },
  )
  .get(
    "/:region_id{.+}/features",
    describe({
      tags: ["region"],
      summary: "Get All Features Region",
      policy: { class: "interactive", cache: "live" },
      description: "HTTP get all features of a single region",
      response:
        "Page_Union_SiibraVoiModel__SiibraCorticalProfileModel__SiibraRegionalConnectivityModel__SiibraReceptorDensityFp__SiibraTabularModel__SiibraEbrainsDataFeatureModel__",
    }),
    query(v.object({ parcellation_id: parcellationId, ...pagination })),
    async (c) => runJob(c, listRegionFeatures, { ...c.req.valid("query"), region_id: c.req.param("region_id") }),
  )
  .get(
    "/:region_id{.+}/related",
    describe({
      tags: ["region"],
      summary: "Get Related Region",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get_related_regions of the specified region",
      response: "Page_RegionRelationAsmtModel_",
    }),
    query(v.object({ parcellation_id: parcellationId, ...pagination })),
    async (c) => runJob(c, relatedRegions, { ...c.req.valid("query"), region_id: c.req.param("region_id") }),
  )
  .get(
    "/:region_id{.+}",
    describe({
      tags: ["region"],
      summary: "Get Single Regions",
      policy: { class: inSpace, cache: "metadata" },
      description: "HTTP get a single region",
      response: "ParcellationEntityVersionModel",
    }),
    query(v.object({ parcellation_id: parcellationId, space_id: optionalString("Space Id") })),
    async (c) => {
      const q = c.req.valid("query");
      const region_id = c.req.param("region_id");
      if (q.space_id) return runJob(c, getRegionInSpace, { ...q, space_id: q.space_id, region_id });
      return runJob(c, getRegion, { parcellation_id: q.parcellation_id, space_id: null, region_id });
    },
  );

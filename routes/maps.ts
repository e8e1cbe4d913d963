import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { float, mapType, optionalString, pagination, requiredString } from "../src/http/request/params.ts";
import { getMap, getMapById, listMaps } from "../jobs/maps.ts";
import { assign, labelledMap, resampledTemplate, statisticalMap, statisticalMapInfoJob } from "../jobs/volumes.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const maps = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["maps"],
      summary: "Filter Map",
      policy: { class: "critical", cache: "metadata" },
      description: "Get a list of maps according to specification",
      response: "Page_MapModel_",
    }),
    query(
      v.object({
        parcellation_id: optionalString("Parcellation Id"),
        space_id: optionalString("Space Id"),
        map_type: v.optional(mapType),
        ...pagination,
      }),
    ),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, listMaps, {
        ...q,
        parcellation_id: q.parcellation_id ?? null,
        space_id: q.space_id ?? null,
        map_type: q.map_type ?? null,
      });
    },
  )
  .get(
    "/:map_id{.+}",
    describe({
      tags: ["maps"],
      summary: "Single Map",
      policy: { class: "critical", cache: "metadata" },
      description: "Get a list of maps according to specification",
      response: "MapModel",
    }),
    async (c) => runJob(c, getMapById, { map_id: c.req.param("map_id") }),
  );

const parcellationId = requiredString("Parcellation Id");
const spaceId = requiredString("Space Id");
const statisticalQuery = v.object({
  parcellation_id: parcellationId,
  region_id: requiredString("Region Id"),
  space_id: spaceId,
  name: optionalString("Name", ""),
});

/** `/map` (deprecated upstream, still on siibra-explorer's first-paint chain) and the voxel routes, in upstream order. */
export const map = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["maps"],
      summary: "Get Siibra Map",
      policy: { class: "critical", cache: "metadata" },
      description: "Get map according to specification.\n\nDeprecated. use /maps/{map_id} instead.",
      response: "MapModel",
      deprecated: true,
    }),
    query(v.object({ parcellation_id: parcellationId, space_id: spaceId, map_type: mapType })),
    async (c) => runJob(c, getMap, c.req.valid("query")),
  )
  .get(
    "/resampled_template",
    describe({
      tags: ["maps"],
      summary: "Get Resampled Map",
      policy: { class: "files", cache: "files" },
      description: "Return a resampled template volume, based on labelled parcellation map.",
    }),
    query(v.object({ parcellation_id: parcellationId, space_id: spaceId, name: optionalString("Name", "") })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, resampledTemplate, { ...q, name: q.name || null });
    },
  )
  .get(
    "/labelled_map.nii.gz",
    describe({
      tags: ["maps"],
      summary: "Get Parcellation Labelled Map",
      policy: { class: "files", cache: "files" },
      description:
        "Returns a labelled map if region_id is not provided.\n\nReturns a mask if a region_id is provided.\n\nregion_id MAY refer to ANY region on the region hierarchy, and a combined mask will be returned.",
    }),
    query(v.object({ parcellation_id: parcellationId, space_id: spaceId, region_id: optionalString("Region Id") })),
    async (c) => {
      const q = c.req.valid("query");
      return runJob(c, labelledMap, { ...q, region_id: q.region_id || null });
    },
  )
  .get(
    "/statistical_map.nii.gz",
    describe({
      tags: ["maps"],
      summary: "Get Region Statistical Map",
      policy: { class: "files", cache: "files" },
      description: "Returns a statistic map.\n\nregion_id MUST refer to leaf region on the region hierarchy.",
    }),
    query(statisticalQuery),
    async (c) => {
      const { name: _ignored, ...q } = c.req.valid("query");
      return runJob(c, statisticalMap, q);
    },
  )
  .get(
    "/statistical_map.info.json",
    describe({
      tags: ["maps"],
      summary: "Get Region Statistical Map Metadata",
      policy: { class: "files", cache: "metadata" },
      description: "Get metadata of statistical map according to specification",
      response: "StatisticModelInfo",
    }),
    query(statisticalQuery),
    async (c) => {
      const { name: _ignored, ...q } = c.req.valid("query");
      return runJob(c, statisticalMapInfoJob, q);
    },
  )
  .get(
    "/assign",
    describe({
      tags: ["maps"],
      summary: "Get Assign Point",
      policy: { class: "interactive", cache: "metadata" },
      description: "Perform assignment according to specification",
      response: "DataFrameModel",
    }),
    query(
      v.object({
        parcellation_id: parcellationId,
        space_id: spaceId,
        point: requiredString("Point"),
        assignment_type: optionalString("Assignment Type", "statistical"),
        // Accepted and ignored, as upstream (docs/decisions.md#ignored-parameters-and-file-names).
        sigma_mm: v.optional(float("Sigma Mm"), "0"),
      }),
    ),
    async (c) => {
      const { sigma_mm: _ignored, ...q } = c.req.valid("query");
      return runJob(c, assign, { ...q, assignment_type: q.assignment_type ?? "statistical" });
    },
  );

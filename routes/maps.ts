import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/describe.ts";
import { query } from "../src/http/validate.ts";
import { mapType, optionalString, pagination, requiredString } from "../src/http/params.ts";
import { getMap, getMapById, listMaps } from "../jobs/maps.ts";
import { runJob } from "../src/http/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const maps = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["maps"],
      summary: "Filter Map",
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
      description: "Get a list of maps according to specification",
      response: "MapModel",
    }),
    async (c) => runJob(c, getMapById, { map_id: c.req.param("map_id") }),
  );

/** `/map` (deprecated upstream, still on siibra-explorer's first-paint chain). */
export const map = new Hono<AppEnv>().get(
  "/",
  describe({
    tags: ["maps"],
    summary: "Get Siibra Map",
    description: "Get map according to specification.\n\nDeprecated. use /maps/{map_id} instead.",
    response: "MapModel",
    deprecated: true,
  }),
  query(
    v.object({
      parcellation_id: requiredString("Parcellation Id"),
      space_id: requiredString("Space Id"),
      map_type: mapType,
    }),
  ),
  async (c) => runJob(c, getMap, c.req.valid("query")),
);

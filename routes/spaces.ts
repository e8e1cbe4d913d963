import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { pagination } from "../src/http/request/params.ts";
import { getSpace, listSpaces } from "../jobs/spaces.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const spaces = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["space"],
      summary: "Get All Spaces",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get all spaces",
      response: "Page_CommonCoordinateSpaceModel_",
    }),
    query(v.object(pagination)),
    async (c) => runJob(c, listSpaces, c.req.valid("query")),
  )
  .get(
    "/:space_id{.+}",
    describe({
      tags: ["space"],
      summary: "Get Single Space",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get a single space",
      response: "CommonCoordinateSpaceModel",
    }),
    async (c) => runJob(c, getSpace, { space_id: c.req.param("space_id") }),
  );

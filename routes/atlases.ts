import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { pagination } from "../src/http/request/params.ts";
import { getAtlas, listAtlases } from "../jobs/atlases.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const atlases = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["atlas"],
      summary: "Get All Atlases",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get all atlases",
      response: "Page_SiibraAtlasModel_",
    }),
    query(v.object(pagination)),
    async (c) => runJob(c, listAtlases, c.req.valid("query")),
  )
  .get(
    "/:atlas_id{.+}",
    describe({
      tags: ["atlas"],
      summary: "Get Single Atlas",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get a single atlas",
      response: "SiibraAtlasModel",
    }),
    async (c) => runJob(c, getAtlas, { atlas_id: c.req.param("atlas_id") }),
  );

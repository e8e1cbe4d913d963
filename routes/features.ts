import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/describe.ts";
import { query } from "../src/http/validate.ts";
import { pagination } from "../src/http/params.ts";
import { listFeatureTypes } from "../jobs/features.ts";
import type { AppEnv } from "../src/http/env.ts";

export const features = new Hono<AppEnv>().get(
  "/_types",
  describe({ tags: ["feature"], summary: "Get All Feature Types", description: "Get meta info of all feature types", response: "Page_FeatureMetaModel_" }),
  query(v.object(pagination)),
  async (c) => c.json(await c.var.services.jobs.run(listFeatureTypes, c.req.valid("query"))),
);

import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/describe.ts";
import { query } from "../src/http/validate.ts";
import { optionalString, pagination } from "../src/http/params.ts";
import { listGenes } from "../jobs/vocabularies.ts";
import { runJob } from "../src/http/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const vocabularies = new Hono<AppEnv>().get(
  "/genes",
  describe({
    tags: ["vocabularies"],
    summary: "Genes",
    description: "HTTP get (filtered) genes",
    response: "Page_GeneModel_",
  }),
  query(v.object({ find: optionalString("Find"), ...pagination })),
  async (c) => {
    const q = c.req.valid("query");
    return runJob(c, listGenes, { ...q, find: q.find ?? null });
  },
);

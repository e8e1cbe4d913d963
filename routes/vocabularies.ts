import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { optionalString, pagination } from "../src/http/request/params.ts";
import { listGenes } from "../jobs/vocabularies.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const vocabularies = new Hono<AppEnv>().get(
  "/genes",
  describe({
    tags: ["vocabularies"],
    summary: "Genes",
    policy: { class: "critical", cache: "metadata" },
    description: "HTTP get (filtered) genes",
    response: "Page_GeneModel_",
  }),
  query(v.object({ find: optionalString("Find"), ...pagination })),
  async (c) => {
    const q = c.req.valid("query");
    return runJob(c, listGenes, { ...q, find: q.find ?? null });
  },
);

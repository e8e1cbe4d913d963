import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { pagination } from "../src/http/request/params.ts";
import { getParcellation, listParcellations } from "../jobs/parcellations.ts";
import { runJob } from "../src/http/response/run-job.ts";
import type { AppEnv } from "../src/http/env.ts";

export const parcellations = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["parcellation"],
      summary: "Get All Parcellations",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get all parcellations",
      response: "Page_SiibraParcellationModel_",
    }),
    query(v.object(pagination)),
    async (c) => runJob(c, listParcellations, c.req.valid("query")),
  )
  .get(
    "/:parcellation_id{.+}",
    describe({
      tags: ["parcellation"],
      summary: "Get Single Parcellation",
      policy: { class: "critical", cache: "metadata" },
      description: "HTTP get a single parcellation",
      response: "SiibraParcellationModel",
    }),
    async (c) => runJob(c, getParcellation, { parcellation_id: c.req.param("parcellation_id") }),
  );

import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/describe.ts";
import { query } from "../src/http/validate.ts";
import { pagination } from "../src/http/params.ts";
import { getParcellation, listParcellations } from "../jobs/parcellations.ts";
import { json } from "../src/http/raw-json.ts";
import type { AppEnv } from "../src/http/env.ts";

export const parcellations = new Hono<AppEnv>()
  .get(
    "/",
    describe({ tags: ["parcellation"], summary: "Get All Parcellations", description: "HTTP get all parcellations", response: "Page_SiibraParcellationModel_" }),
    query(v.object(pagination)),
    async (c) => json(c, await c.var.services.jobs.run(listParcellations, c.req.valid("query"))),
  )
  .get(
    "/:parcellation_id{.+}",
    describe({ tags: ["parcellation"], summary: "Get Single Parcellation", description: "HTTP get a single parcellation", response: "SiibraParcellationModel" }),
    async (c) => json(c, await c.var.services.jobs.run(getParcellation, { parcellation_id: c.req.param("parcellation_id") })),
  );

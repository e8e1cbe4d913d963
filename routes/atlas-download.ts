import { Hono } from "hono";
import * as v from "valibot";
import { describe } from "../src/http/request/describe.ts";
import { query } from "../src/http/request/validate.ts";
import { optionalString } from "../src/http/request/params.ts";
import { jobResponse } from "../src/http/response/job-response.ts";
import { runJob, SNIPPET_ACCEPT } from "../src/http/response/run-job.ts";
import { atlasDownload as bundleJob } from "../jobs/atlas-download.ts";
import type { AppEnv } from "../src/http/env.ts";

/**
 * `/atlas_download`: a task in every role (siibra-explorer polls `/{task_id}` until `SUCCESS`, then
 * opens `/{task_id}/download`). Never response-cached (the cache skips these paths, as upstream).
 */
export const atlasDownload = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      tags: ["download"],
      summary: "Get Download Bundle",
      policy: { class: "compounds", cache: "volatile", responseCache: false },
      description: "Prepare the bundle. Given a specification, prepare/bundle according to the specification.",
    }),
    query(
      v.object({
        space_id: optionalString("Space Id"),
        parcellation_id: optionalString("Parcellation Id"),
        bbox: optionalString("Bbox"),
        region_id: optionalString("Region Id"),
        feature_id: optionalString("Feature Id"),
      }),
    ),
    async (c) => {
      const q = c.req.valid("query");
      const params = {
        space_id: q.space_id ?? null,
        parcellation_id: q.parcellation_id ?? null,
        region_id: q.region_id ?? null,
        feature_id: q.feature_id ?? null,
        bbox: q.bbox ?? null,
        // Accepted as upstream's handler does, but not part of the published contract.
        strict_mode: c.req.query("strict_mode") || null,
      };
      // Upstream's code-snippet layer answers the bundle handler's example; nothing is started then.
      if (c.req.header("accept") === SNIPPET_ACCEPT) {
        const example = { task_id: "", ...params, version: c.var.services.version, requested_at: 0 };
        return runJob(c, bundleJob, example);
      }
      await c.var.admit?.();
      return c.json(await c.var.services.downloadTasks.start(params));
    },
  )
  .get(
    "/:task_id/download",
    describe({
      tags: ["download"],
      summary: "Get Download Result",
      policy: { class: "files", cache: "volatile", responseCache: false },
      description: "Download the bundle",
    }),
    async (c) => {
      await c.var.admit?.();
      return jobResponse(c, await c.var.services.downloadTasks.file(c.req.param("task_id")));
    },
  )
  .get(
    "/:task_id",
    describe({
      tags: ["download"],
      summary: "Get Download Progress",
      // siibra-explorer abandons a download on any poll answering ≥ 400, and a poll is one store read: never shed.
      policy: { class: "critical", cache: "volatile", responseCache: false },
      description: "Get download task progress with task_id",
    }),
    async (c) => c.json(await c.var.services.downloadTasks.status(c.req.param("task_id"))),
  );

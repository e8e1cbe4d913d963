import * as v from "valibot";
import { defineJob, pySource } from "./job.ts";
import { optionalSpec } from "./schemas.ts";
import { runBundleTask } from "../src/downloads/run-task.ts";

/** What a bundle is built from: the request's parameters, the service version and the request time. */
const bundleRequest = {
  space_id: optionalSpec,
  parcellation_id: optionalSpec,
  region_id: optionalSpec,
  feature_id: optionalSpec,
  bbox: optionalSpec,
  strict_mode: optionalSpec,
  version: v.string(),
  requested_at: v.number(),
};

/**
 * Builds one `/atlas_download` bundle (queue `compounds`). The task id is part of the payload, so
 * every request is its own job; the zip and the task's state go to the download task store, which
 * the server reads when the client polls.
 */
export const atlasDownload = defineJob({
  name: "atlas_download.bundle",
  python: {
    name: "download_all",
    source: pySource(
      "def download_all(space_id: str = None, parcellation_id: str = None, region_id: str = None,",
      "                 feature_id: str = None, bbox: str = None, strict_mode: str = None):",
      "    import siibra",
      "    # the region's statistical map, the parcellation's labelled map, the template cut to bbox",
      "    space = siibra.spaces[space_id]",
      "    region = siibra.get_region(parcellation_id, region_id)",
      "    labelled = siibra.get_map(parcellation_id, space, siibra.MapType.LABELLED)",
      "    return region.fetch_regional_map(space, siibra.MapType.STATISTICAL), labelled.fetch(), space.get_template().fetch()",
    ),
  },
  queue: "compounds",
  payload: v.object({ task_id: v.pipe(v.string(), v.uuid()), ...bundleRequest }),
  async run({ task_id, ...req }, ctx) {
    await runBundleTask(ctx, task_id, req);
    return { task_id, status: "done" };
  },
});

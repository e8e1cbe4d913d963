/**
 * Jobs of the `volumes` queue: everything that reads voxels. Role `server` publishes them to Bun
 * workers (a Workers isolate has 128 MB; a JBA map alone is ~34 MB decoded).
 */
import * as v from "valibot";
import { defineJob } from "./job.ts";
import { optionalSpec, spec } from "./schemas.ts";
import { FileBody } from "../src/lib/file-body.ts";
import {
  ASSIGN_COLUMNS,
  assignPoint,
  labelledMapFile,
  resampledTemplateFile,
  statisticalMapFile,
  statisticalMapInfo,
} from "../src/volumes/index.ts";

const NIFTI_DOWNLOAD = "application/octet-stream";
const attachment = (name: string) => ({ "content-disposition": `attachment; filename="${name}"` });

export const labelledMap = defineJob({
  name: "volumes.labelled_map",
  python: {
    name: "labelled_map",
    source:
      "def labelled_map(parcellation_id: str, space_id: str, region_id: str = None):\n    import siibra\n    if region_id:\n        region = siibra.get_region(parcellation_id, region_id)\n        return region.fetch_regional_map(space_id, siibra.MapType.LABELLED)\n    return siibra.get_map(parcellation_id, space_id, siibra.MapType.LABELLED).fetch()",
  },
  queue: "volumes",
  payload: v.object({ parcellation_id: spec, space_id: spec, region_id: optionalSpec }),
  async run({ parcellation_id, space_id, region_id }, ctx) {
    const bytes = await labelledMapFile(ctx, {
      parcellationId: parcellation_id,
      spaceId: space_id,
      regionId: region_id,
    });
    return new FileBody(bytes, NIFTI_DOWNLOAD, attachment("labelled_map.nii.gz"));
  },
});

/** Upstream names this file `labelled_map.nii.gz` too (docs/decisions.md#ignored-parameters-and-file-names). */
export const resampledTemplate = defineJob({
  name: "volumes.resampled_template",
  python: {
    name: "resampled_template",
    source:
      "def resampled_template(parcellation_id: str, space_id: str, name: str = None):\n    import siibra\n    labelled = siibra.get_map(parcellation_id, space_id, siibra.MapType.LABELLED)\n    return labelled.get_resampled_template(fragment=name or None)",
  },
  queue: "volumes",
  payload: v.object({ parcellation_id: spec, space_id: spec, name: optionalSpec }),
  async run({ parcellation_id, space_id, name }, ctx) {
    const bytes = await resampledTemplateFile(ctx, { parcellationId: parcellation_id, spaceId: space_id, name });
    return new FileBody(bytes, NIFTI_DOWNLOAD, attachment("labelled_map.nii.gz"));
  },
});

const statisticalPayload = v.object({ parcellation_id: spec, region_id: spec, space_id: spec });

export const statisticalMap = defineJob({
  name: "volumes.statistical_map",
  python: {
    name: "statistical_map",
    source:
      "def statistical_map(parcellation_id: str, region_id: str, space_id: str):\n    import siibra\n    statistical = siibra.get_map(parcellation_id, space_id, siibra.MapType.STATISTICAL)\n    return statistical.fetch(region=siibra.get_region(parcellation_id, region_id))",
  },
  queue: "volumes",
  payload: statisticalPayload,
  async run({ parcellation_id, region_id, space_id }, ctx) {
    const bytes = await statisticalMapFile(ctx, {
      parcellationId: parcellation_id,
      spaceId: space_id,
      regionId: region_id,
    });
    return new FileBody(bytes, NIFTI_DOWNLOAD, attachment("statistical_map.nii.gz"));
  },
});

export const statisticalMapInfoJob = defineJob({
  name: "volumes.statistical_map_info",
  python: {
    name: "statistical_map_info",
    source:
      "def statistical_map_info(parcellation_id: str, region_id: str, space_id: str):\n    import siibra, numpy as np\n    statistical = siibra.get_map(parcellation_id, space_id, siibra.MapType.STATISTICAL)\n    data = statistical.fetch(region=siibra.get_region(parcellation_id, region_id)).get_fdata()\n    return {'min': float(np.min(data)), 'max': float(np.max(data))}",
  },
  queue: "volumes",
  payload: statisticalPayload,
  run: ({ parcellation_id, region_id, space_id }, ctx) =>
    statisticalMapInfo(ctx, { parcellationId: parcellation_id, spaceId: space_id, regionId: region_id }),
});

/** JBA BigBrain (`-bb`) is assigned with JBA 2.9, as upstream does. */
const BB = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-bb";
const JBA29 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";

export const assign = defineJob({
  name: "volumes.assign",
  python: {
    name: "assign",
    source:
      "def assign(parcellation_id: str, space_id: str, point: str, assignment_type: str = 'statistical'):\n    import siibra\n    maptype = siibra.MapType.LABELLED if assignment_type == 'labelled' else siibra.MapType.STATISTICAL\n    return siibra.get_map(parcellation_id, space_id, maptype).assign(siibra.Point(point, space=space_id))",
  },
  queue: "volumes",
  payload: v.object({ parcellation_id: spec, space_id: spec, point: v.string(), assignment_type: v.string() }),
  async run({ parcellation_id, space_id, point, assignment_type }, ctx) {
    const rows = await assignPoint(ctx, {
      parcellationId: parcellation_id === BB ? JBA29 : parcellation_id,
      spaceId: space_id,
      point,
      assignmentType: assignment_type,
    });
    return { "@type": null, index: rows.map((_, i) => i), columns: [...ASSIGN_COLUMNS], ndim: 2, data: rows };
  },
});

import * as v from "valibot";
import { defineJob } from "./job.ts";
import { paging } from "./schemas.ts";
import { paginate } from "../src/http/pagination.ts";
import { featureTypes } from "../src/features/types.ts";

export const listFeatureTypes = defineJob({
  name: "features.types",
  queue: "features",
  payload: v.object(paging),
  run: ({ page, size }) => paginate(featureTypes(), page, size),
});

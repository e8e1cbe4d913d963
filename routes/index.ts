import { Hono } from "hono";
import { atlases } from "./atlases.ts";
import { spaces } from "./spaces.ts";
import { parcellations } from "./parcellations.ts";
import { regions } from "./regions.ts";
import { map, maps } from "./maps.ts";
import { features } from "./features.ts";
import { featureQueries } from "./feature-queries.ts";
import { vocabularies } from "./vocabularies.ts";
import type { AppEnv } from "../src/http/env.ts";

/** The `/v3_0` API, mounted in upstream's route order (first match wins for ids containing `/`). */
export const v3 = new Hono<AppEnv>()
  .route("/atlases", atlases)
  .route("/spaces", spaces)
  .route("/parcellations", parcellations)
  .route("/regions", regions)
  .route("/map", map)
  .route("/maps", maps)
  // Live-query and image routes first: their paths must win over `/feature/{feature_id}`.
  .route("/feature", featureQueries)
  .route("/feature", features)
  .route("/vocabularies", vocabularies);

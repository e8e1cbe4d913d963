import { Hono } from "hono";
import { atlases } from "./atlases.ts";
import { spaces } from "./spaces.ts";
import { parcellations } from "./parcellations.ts";
import { regions } from "./regions.ts";
import { map, maps } from "./maps.ts";
import { featureById, featureFiles, features } from "./features.ts";
import { vocabularies } from "./vocabularies.ts";
import { atlasDownload } from "./atlas-download.ts";
import type { AppEnv } from "../src/http/env.ts";

/** The `/v3_0` API, mounted in upstream's route order (first match wins for ids containing `/`). */
export const v3 = new Hono<AppEnv>()
  .route("/feature", featureFiles)
  .route("/atlases", atlases)
  .route("/spaces", spaces)
  .route("/parcellations", parcellations)
  .route("/regions", regions)
  .route("/map", map)
  .route("/maps", maps)
  .route("/feature", features)
  // Live-query and image routes (`/feature/Image`, …) go here, before the catch-all.
  .route("/feature", featureById)
  .route("/vocabularies", vocabularies)
  .route("/atlas_download", atlasDownload);

/**
 * Synthetic data files for every preconfigured (non-image) feature document: whatever path a
 * feature's loader asks for on the data proxy gets a small valid file of the real format (TSVs,
 * segment tables, boundaries, zips with every configured member). Used where the point is that
 * every id answers, not the values (those are checked in tests/routes/feature-data.test.ts). The
 * files are the benchmark's fixture host's (bench/fixture-host/features.ts), served as routes.
 */
import { featureFiles } from "../../bench/fixture-host/features.ts";
import type { Files } from "../../bench/fixture-host/origins.ts";
import type { Json, Routes } from "./feature-data-host.ts";

export function syntheticRoutes(docs: Json[]): Routes {
  const files: Files = new Map();
  featureFiles(docs, files);
  return Object.fromEntries([...files].map(([path, body]) => [path, { body }]));
}

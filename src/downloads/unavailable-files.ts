import { UnavailableError } from "../errors.ts";
import type { BundleFiles } from "./bundle-files.ts";

/**
 * Binding used until the volume layer and the feature export are part of this build: every data
 * part then becomes an `.error.txt` in the zip (README, LICENCE and the `.info.md` files are still
 * produced).
 */
export const UNAVAILABLE_FILES: BundleFiles<unknown> = {
  statisticalMap: async () => {
    throw new UnavailableError("statistical maps are not served by this build");
  },
  labelledMap: async () => {
    throw new UnavailableError("labelled maps are not served by this build");
  },
  template: async () => {
    throw new UnavailableError("templates are not served by this build");
  },
  featureExport: async () => {
    throw new UnavailableError("feature exports are not served by this build");
  },
};

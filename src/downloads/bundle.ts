import { errorText, zipEntries } from "./entries.ts";
import { LICENCE_TEXT, readme } from "./info-md.ts";
import { parcellationPart, regionPart } from "./parts.ts";
import { spacePart } from "./space-part.ts";
import type { BundleContext } from "./context.ts";
import type { BundleFiles } from "./bundle-files.ts";
import type { BundleParams } from "./params.ts";
import type { Entries } from "./entries.ts";

/** What a bundle is built from: the request, when it was made, and the served version (README). */
export type BundleRequest = BundleParams & { version: string; requested_at: number };

/**
 * Builds the zip upstream's `download_all` builds: the feature export, README.md, LICENCE.txt, then the
 * region's statistical map, the parcellation's labelled map and the space's template (cut to `bbox`),
 * each with its `.info.md`; with `strict_mode` only the first of those three. A part that fails is
 * replaced by `<name>.error.txt`, so the bundle itself only fails when it cannot be written.
 */
export async function buildBundle<C extends BundleContext<C>>(
  ctx: C,
  files: BundleFiles<C>,
  req: BundleRequest,
): Promise<Uint8Array> {
  const out: Entries = [];
  if (req.feature_id) {
    const id = req.feature_id;
    try {
      out.push([`export-${id}.zip`, await files.featureExport(ctx, id)]);
    } catch (err) {
      out.push([`${id}.error.txt`, `Feature exporting failed: ${errorText(err)}`]);
    }
  }
  out.push(["README.md", readme(req.version, req.requested_at, req)]);
  out.push(["LICENCE.txt", LICENCE_TEXT]);
  let credit = req.strict_mode ? 1 : Number.POSITIVE_INFINITY;
  const parts = [
    [req.region_id, regionPart],
    [req.parcellation_id, parcellationPart],
    [req.space_id, spacePart],
  ] as const;
  for (const [given, part] of parts) {
    if (given === null || credit < 1) continue;
    await part(ctx, files, req, out);
    credit -= 1;
  }
  return zipEntries(out);
}

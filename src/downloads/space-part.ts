import { spaceBySpec } from "../atlas/lookup.ts";
import { infoMd } from "./info-md.ts";
import { datasetTexts } from "./concept-texts.ts";
import { attempt } from "./entries.ts";
import { parseBbox } from "../lib/bbox.ts";
import type { Space } from "../atlas/model.ts";
import type { BundleContext } from "./context.ts";
import type { BundleFiles } from "./bundle-files.ts";
import type { BundleParams } from "./params.ts";
import type { Entries } from "./entries.ts";

/** The space part: the template cut to `bbox` (volumetric templates) and/or its gii meshes (surfaces). */
export async function spacePart<C extends BundleContext<C>>(
  ctx: C,
  files: BundleFiles<C>,
  p: BundleParams,
  out: Entries,
) {
  let filename: string | null = null;
  let space: Space | null = null;
  await attempt(
    out,
    () => filename ?? "UNKNOWN_SPACE",
    async () => {
      const s = spaceBySpec(ctx.store, p.space_id ?? "");
      space = s;
      filename = s.key;
      const formats = new Set(Object.keys(s.volumes[0]?.providers ?? {}));
      if (formats.has("neuroglancer/precomputed")) {
        filename = `${s.key}.nii.gz`;
        out.push([filename, await files.template(ctx, { spaceId: s.id, bbox: parseBbox(p.bbox) })]);
      }
      if (formats.has("gii-mesh")) await meshFiles(ctx, s, out);
    },
  );
  // Upstream's fallback name here is UNKNOWN_PARCELLATION (sic).
  const info = `${filename ?? "UNKNOWN_PARCELLATION"}.info.md`;
  await attempt(
    out,
    () => info,
    async () => {
      if (!space) throw new Error(`space ${p.space_id} could not be resolved`);
      const s = space as Space;
      const texts = await datasetTexts(ctx, s.datasets, s.description);
      out.push([info, infoMd({ name: s.name, ...texts })]);
    },
  );
}

/** Surface templates (fsaverage): every `gii-mesh` file of every variant, under `<KEY>/<variant>/…`. */
async function meshFiles<C>(ctx: BundleContext<C>, space: Space, out: Entries) {
  for (const [idx, vol] of space.volumes.entries()) {
    const url = vol.providers["gii-mesh"];
    if (url === undefined) continue;
    const root = `${space.key}/${vol.variant ?? `unknown-variant-${idx}`}`;
    const targets = typeof url === "string" ? [[root, url]] : Object.entries(url).map(([k, u]) => [`${root}/${k}`, u]);
    for (const [base, target] of targets) {
      const filename = target.slice(target.lastIndexOf("/") + 1) || "unknownfile";
      await attempt(
        out,
        () => `${base}/${filename}`,
        async () => {
          out.push([`${base}/${filename}`, await ctx.fetcher.bytes(target)]);
        },
      );
    }
  }
}

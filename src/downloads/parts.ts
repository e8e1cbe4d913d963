import { parcellationBySpec, regionBySpec, spaceBySpec } from "../atlas/lookup.ts";
import { citations, infoMd } from "./info-md.ts";
import { datasetTexts } from "./concept-texts.ts";
import { attempt } from "./entries.ts";
import type { Region, Space } from "../atlas/model.ts";
import type { BundleContext } from "./context.ts";
import type { BundleFiles } from "./bundle-files.ts";
import type { BundleParams } from "./params.ts";
import type { Entries } from "./entries.ts";

/** The region part: its statistical map in the space, and the map volume's dataset texts. */
export async function regionPart<C extends BundleContext<C>>(
  ctx: C,
  files: BundleFiles<C>,
  p: BundleParams,
  out: Entries,
) {
  let filename: string | null = null;
  let region: Region | null = null;
  let space: Space | null = null;
  await attempt(
    out,
    () => filename ?? "UNKNOWN_REGION",
    async () => {
      space = spaceBySpec(ctx.store, p.space_id ?? "");
      const parcellation = parcellationBySpec(ctx.store, p.parcellation_id ?? "");
      region = regionBySpec(ctx.store, parcellation, p.region_id ?? "");
      filename = `${region.key}.nii.gz`;
      const q = { parcellationId: parcellation.id, spaceId: space.id, regionId: region.name };
      out.push([filename, await files.statisticalMap(ctx, q)]);
    },
  );
  const info = `${filename ?? "UNKNOWN_REGION"}.info.md`;
  await attempt(
    out,
    () => info,
    async () => {
      if (!region || !space) throw new Error("the region or the space could not be resolved");
      const { name, parcellation } = region as Region;
      const spaceId = (space as Space).id;
      const map = ctx.store.maps.find(
        (m) => m.maptype === "STATISTICAL" && m.parcellationId === parcellation.id && m.spaceId === spaceId,
      );
      const index = map?.indices[name]?.[0];
      if (!map || !index) throw new Error(`no statistical map of ${name} in ${(space as Space).name}`);
      const vol = map.volumes[index.volume];
      const { datasets, license } = await datasetTexts(ctx, vol.datasets, "");
      const pubs = datasets.flatMap((ds) => ((ds.urls ?? []) as { url: string }[]).map((u) => ({ url: u.url })));
      const description = datasets.map((ds) => String(ds.description ?? "")).join("\n\n");
      const title = `Statistical map of ${name} in ${(space as Space).name}`;
      out.push([info, infoMd({ name: title, description, citations: citations(pubs), license })]);
    },
  );
}

/** The parcellation part: its labelled map in the space. */
export async function parcellationPart<C extends BundleContext<C>>(
  ctx: C,
  files: BundleFiles<C>,
  p: BundleParams,
  out: Entries,
) {
  let filename: string | null = null;
  await attempt(
    out,
    () => filename ?? "UNKNOWN_PARCELLATION",
    async () => {
      const space = spaceBySpec(ctx.store, p.space_id ?? "");
      const parcellation = parcellationBySpec(ctx.store, p.parcellation_id ?? "");
      filename = `${parcellation.key}.label.nii.gz`;
      out.push([filename, await files.labelledMap(ctx, { parcellationId: parcellation.id, spaceId: space.id })]);
    },
  );
  const info = `${filename ?? "UNKNOWN_PARCELLATION"}.info.md`;
  await attempt(
    out,
    () => info,
    async () => {
      const parcellation = parcellationBySpec(ctx.store, p.parcellation_id ?? "");
      const texts = await datasetTexts(ctx, parcellation.datasets, parcellation.description);
      out.push([info, infoMd({ name: parcellation.name, ...texts })]);
    },
  );
}

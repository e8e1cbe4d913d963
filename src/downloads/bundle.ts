import { zipSync } from "fflate";
import type { Zippable } from "fflate";
import { AppError } from "../errors.ts";
import { parcellationBySpec, regionBySpec, spaceBySpec } from "../atlas/lookup.ts";
import { conceptDescription } from "../serialize/parcellation.ts";
import { citations, infoMd, LICENCE_TEXT, readme } from "./info-md.ts";
import { parseBbox } from "./params.ts";
import type { DatasetRefs, Region, Space } from "../atlas/model.ts";
import type { BundleContext } from "./context.ts";
import type { BundleFiles } from "./bundle-files.ts";
import type { BundleParams } from "./params.ts";

/** What a bundle is built from: the request, when it was made, and the served version (README). */
export type BundleRequest = BundleParams & { version: string; requested_at: number };

/** Entries in upstream's order; data files are stored (already gzipped), text deflated. */
type Entries = [name: string, data: Uint8Array | string][];

/** `str(e)` of upstream's `except Exception as e`: our errors' most specific text. */
function errorText(err: unknown): string {
  if (err instanceof AppError) {
    const { error, detail } = err.body;
    return typeof error === "string" ? error : typeof detail === "string" ? detail : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs one part; a failure becomes `<name>.error.txt`, as upstream writes it. */
async function attempt(out: Entries, errorName: () => string, part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (err) {
    out.push([`${errorName()}.error.txt`, errorText(err)]);
  }
}

async function datasetTexts<C>(ctx: BundleContext<C>, refs: DatasetRefs, own: string) {
  const datasets = await ctx.datasets.resolve(refs);
  const pubs = [
    ...refs.publications,
    ...datasets.flatMap((ds) =>
      ((ds.urls ?? []) as { url: string }[]).map((u) => ({ citation: `Dataset name: ${String(ds.name)}`, url: u.url })),
    ),
  ];
  // Licences are known for generic (publication) datasets only; EBRAINS ones live in the knowledge graph.
  const license = refs.publications.flatMap((p) => (p.name && p.license ? [p.license] : [])).join("\n");
  return { description: conceptDescription(own, datasets), citations: citations(pubs), license, datasets };
}

async function regionPart<C extends BundleContext<C>>(ctx: C, files: BundleFiles<C>, p: BundleParams, out: Entries) {
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

async function parcellationPart<C extends BundleContext<C>>(
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

async function spacePart<C extends BundleContext<C>>(ctx: C, files: BundleFiles<C>, p: BundleParams, out: Entries) {
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
  return zipEntries(out, req.requested_at);
}

function zipEntries(entries: Entries, mtime: number): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, data] of entries) {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    // A later part with the same name replaces the earlier one, as in a ZipFile written twice (last wins).
    zippable[name] = [bytes, { level: typeof data === "string" ? 6 : 0, mtime }];
  }
  return zipSync(zippable);
}

import { RemoteUnavailableError } from "../../lib/remote.ts";
import { badData, featureWhat } from "../data-host-error.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemoteFetcher } from "../../lib/remote.ts";
import { spanBox } from "./records.ts";
import type { Box } from "./records.ts";

/** What loading an image's box needs from the job context. */
export type BoxDeps = { fetcher: RemoteFetcher; dataCache: ByteLru };

type Matrix = number[][];

const isNumbers = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === "number" && Number.isFinite(x));

/** `info.scales[0]`: voxel count and voxel size in nm. */
function scale0(info: unknown): { size: number[]; resolution: number[] } | null {
  const scales = (info as { scales?: unknown } | null)?.scales;
  const s = Array.isArray(scales) ? (scales[0] as { size?: unknown; resolution?: unknown }) : null;
  if (!s || !isNumbers(s.size, 3) || !isNumbers(s.resolution, 3)) return null;
  return { size: s.size, resolution: s.resolution };
}

/** `transform.json`: 3×4 or 4×4, voxel (in nm units of the scale) → physical nm. */
function transform(doc: unknown): Matrix | null {
  if (!Array.isArray(doc) || (doc.length !== 3 && doc.length !== 4)) return null;
  return doc.slice(0, 3).every((row) => isNumbers(row, 4)) ? (doc.slice(0, 3) as Matrix) : null;
}

const IDENTITY: Matrix = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
];

/**
 * siibra 0.4 `NeuroglancerVolume.boundingbox`: the box spanned by voxel (0,0,0) and voxel `size` of
 * scale 0, mapped by `transform_nm · diag(resolution)` and scaled nm → mm. Only those two corners
 * are transformed (as upstream), then ordered per axis.
 */
function boxFrom(info: unknown, transformDoc: unknown): Box | null {
  const s = scale0(info);
  const t = transformDoc === null ? IDENTITY : transform(transformDoc);
  if (!s || !t) return null;
  const map = (voxel: number[]) =>
    t.map(
      (row) =>
        (row[0] * voxel[0] * s.resolution[0] +
          row[1] * voxel[1] * s.resolution[1] +
          row[2] * voxel[2] * s.resolution[2] +
          row[3]) /
        1e6,
    ) as [number, number, number];
  return spanBox(map([0, 0, 0]), map(s.size));
}

/** A missing `transform.json` means identity (siibra warns and goes on); other failures are errors. */
async function transformOf(deps: BoxDeps, url: string, what: string): Promise<unknown> {
  try {
    return await deps.fetcher.json(`${url}/transform.json`, { what });
  } catch (err) {
    if (err instanceof RemoteUnavailableError && err.kind === "http" && err.httpStatus === 404) return null;
    throw err;
  }
}

/** The image's box from its neuroglancer `info` and `transform.json`, cached by URL (they never change). */
export function neuroglancerBox(deps: BoxDeps, url: string, featureId: string): Promise<Box> {
  const what = featureWhat(featureId);
  return deps.dataCache.getOrLoad(`ng-box:${url}`, async () => {
    const [info, t] = await Promise.all([deps.fetcher.json(`${url}/info`, { what }), transformOf(deps, url, what)]);
    const box = boxFrom(info, t);
    if (!box) throw badData(what, `${url}/info`, "not a neuroglancer precomputed info/transform.json");
    return { value: box, bytes: 64 + url.length * 2 };
  });
}

import { badData, featureWhat } from "../data-host-error.ts";
import type { FeatureContext } from "./context.ts";

/**
 * Data files of features, fetched through the remote layer (remaps, time budget, failure memory
 * live there) and kept decoded in the byte-bounded data cache. A decode failure is the data host's
 * fault (502), a fetch failure keeps its class (503/504) — both name the host and the feature.
 */
export async function fetchBytes(
  ctx: FeatureContext,
  url: string,
  featureId: string,
  opts: { keepRaw?: boolean } = {},
): Promise<Uint8Array> {
  const what = featureWhat(featureId);
  // Archives are kept raw (each subject's matrix is inflated from them on demand); small files are
  // kept only in their decoded form by the caller.
  if (!opts.keepRaw) return ctx.fetcher.bytes(url, { what });
  return ctx.dataCache.getOrLoad(`raw\n${url}`, async () => {
    const value = await ctx.fetcher.bytes(url, { what });
    return { value, bytes: value.byteLength };
  });
}

/** Decoded data for `key`, loaded once (concurrent callers share the load) and kept while it fits. */
export async function cachedDecode<V>(
  ctx: FeatureContext,
  key: string,
  load: () => Promise<{ value: V; bytes: number }>,
): Promise<V> {
  return ctx.dataCache.getOrLoad(`decoded\n${key}`, load);
}

/** Text of a file; `skipBytes` drops a prefix first (siibra reads cell files from byte 2). */
export function decodeText(bytes: Uint8Array, url: string, featureId: string, skipBytes = 0): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(skipBytes));
  } catch {
    throw badData(featureWhat(featureId), url, `${fileName(url)} is not UTF-8 text`);
  }
}

const fileName = (url: string) => url.slice(url.lastIndexOf("/") + 1);

/** A data file of the feature that arrived but cannot be decoded (502, naming the host and the feature). */
export function bad(url: string, featureId: string, reason: string) {
  return badData(featureWhat(featureId), url, `${fileName(url)}: ${reason}`);
}

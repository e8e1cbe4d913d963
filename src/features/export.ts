import { featureSourceFor } from "./sources.ts";
import { DetailNotFoundError } from "../errors.ts";
import { zipEntryTime } from "../lib/zip-entry-time.ts";
import type { FeatureContext } from "./data/context.ts";
import type { ExportFile } from "./export-file.ts";

/**
 * The zip of `/feature/{id}/download` (what `Feature.export` writes): used by the download route and
 * by `/atlas_download`. Throws `DetailNotFoundError` for unknown ids; other failures propagate (the
 * route turns them into upstream's `error.txt` zip).
 */
export async function featureExportZip(ctx: FeatureContext, featureId: string): Promise<Uint8Array> {
  const source = featureSourceFor(ctx, featureId);
  if (!source?.export) throw new DetailNotFoundError(`feature ${featureId} not found`);
  return zipFiles(await source.export(ctx, featureId));
}

/**
 * Deflates file by file in 256 KiB pushes, pausing between pushes: a cohort's matrices can make
 * hundreds of megabytes of CSV, which must not hold the event loop in one piece.
 */
async function zipFiles(files: AsyncIterable<ExportFile> | Iterable<ExportFile>): Promise<Uint8Array> {
  // fflate is loaded with the first export (start-up cost otherwise).
  const { Zip, ZipDeflate, strToU8 } = await import("fflate");
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const CHUNK = 256 * 1024;
  for await (const file of files) {
    const entry = new ZipDeflate(file.name, { level: 6 });
    // The same bytes in every process: the ETag of the download names them (src/lib/zip-entry-time.ts).
    entry.mtime = zipEntryTime();
    zip.add(entry);
    const bytes = strToU8(file.text);
    if (bytes.length === 0) entry.push(bytes, true);
    for (let at = 0; at < bytes.length; at += CHUNK) {
      entry.push(bytes.subarray(at, at + CHUNK), at + CHUNK >= bytes.length);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }
  zip.end();
  if (failure) throw failure;
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** An error export: upstream answers 200 with a zip holding only `error.txt`. */
export function errorZip(featureId: string, message: string): Promise<Uint8Array> {
  return zipFiles([{ name: "error.txt", text: `Error exporting file for feature_id: ${featureId}: ${message}` }]);
}

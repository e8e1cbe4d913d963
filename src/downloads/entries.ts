import type { Zippable } from "fflate";
import { AppError } from "../errors.ts";
import { zipEntryTime } from "../lib/zip-entry-time.ts";

/** Entries in upstream's order; data files are stored (already gzipped), text deflated. */
export type Entries = [name: string, data: Uint8Array | string][];

/** `str(e)` of upstream's `except Exception as e`: our errors' most specific text. */
export function errorText(err: unknown): string {
  if (err instanceof AppError) {
    const { error, detail } = err.body;
    return typeof error === "string" ? error : typeof detail === "string" ? detail : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Runs one part; a failure becomes `<name>.error.txt`, as upstream writes it. */
export async function attempt(out: Entries, errorName: () => string, part: () => Promise<void>): Promise<void> {
  try {
    await part();
  } catch (err) {
    out.push([`${errorName()}.error.txt`, errorText(err)]);
  }
}

/**
 * fflate is loaded with the first bundle (start-up cost otherwise). Entries carry the fixed zip entry
 * time, not the request's: a redelivered task then writes the same bytes on any worker, and two tasks of
 * one request differ only in README.md's retrieval time.
 */
export async function zipEntries(entries: Entries): Promise<Uint8Array> {
  const { zipSync } = await import("fflate");
  const mtime = zipEntryTime();
  const zippable: Zippable = {};
  for (const [name, data] of entries) {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    // A later part with the same name replaces the earlier one, as in a ZipFile written twice (last wins).
    zippable[name] = [bytes, { level: typeof data === "string" ? 6 : 0, mtime }];
  }
  return zipSync(zippable);
}

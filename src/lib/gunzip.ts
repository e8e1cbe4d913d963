/**
 * Guarded gunzip for remote data: streams through `DecompressionStream("gzip")` (Bun and Workers alike)
 * and stops as soon as the output passes `maxBytes`, so a small gzip bomb cannot exhaust memory.
 * Corrupt or truncated input and bombs are 502-class `RemoteBadDataError`s naming where the bytes came from.
 */
import { RemoteBadDataError } from "./remote-errors.ts";
import type { RemoteSubject } from "./remote-errors.ts";
import { OverCapError, readCapped } from "./read-capped.ts";

export type GunzipOptions = RemoteSubject & {
  /** Largest decompressed size accepted. */
  maxBytes: number;
  /** Where the bytes came from, for the error (default: "(gzip data)"). */
  url?: string;
};

export async function gunzip(bytes: Uint8Array<ArrayBuffer>, opts: GunzipOptions): Promise<Uint8Array<ArrayBuffer>> {
  const url = opts.url ?? "(gzip data)";
  const subject: RemoteSubject = { what: opts.what, host: opts.host ?? (opts.url ? undefined : "(local)") };
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  try {
    return await readCapped(stream, opts.maxBytes);
  } catch (err) {
    if (err instanceof OverCapError) {
      throw new RemoteBadDataError(url, `decompresses to more than ${opts.maxBytes} bytes (gzip bomb?)`, subject);
    }
    const why = err instanceof Error ? err.message : String(err);
    throw new RemoteBadDataError(url, `corrupt or truncated gzip data (${why})`, subject);
  }
}

/** The two magic bytes of a gzip member (RFC 1952), for data that may or may not be compressed. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

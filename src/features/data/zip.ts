import { unzipSync } from "fflate";

/** Largest member inflated (a zip bomb's member claims far more); the archive itself is capped by the fetcher. */
const MAX_MEMBER_BYTES = 512 * 1024 * 1024;

function guard(file: { name: string; originalSize: number }): void {
  if (file.originalSize > MAX_MEMBER_BYTES)
    throw new Error(
      `member ${file.name} inflates to ${file.originalSize} bytes, over the ${MAX_MEMBER_BYTES}-byte cap`,
    );
}

/**
 * One member of a zip archive (siibra's `ZipfileConnector.get`), inflated on its own: archives of
 * connectivity cohorts hold hundreds of matrices, of which one is read at a time. Returns null when
 * the archive is readable but has no such member; throws when the bytes are not a zip.
 */
export function zipMember(archive: Uint8Array, name: string): Uint8Array | null {
  const out = unzipSync(archive, {
    filter: (file) => {
      if (file.name !== name) return false;
      guard(file);
      return true;
    },
  });
  return out[name] ?? null;
}

/**
 * Several members in one pass over the central directory (a per-member pass costs a scan of every
 * entry); `names` should be a batch, not a whole cohort, since all of them are inflated together.
 */
export function zipMembers(archive: Uint8Array, names: string[]): Map<string, Uint8Array> {
  const wanted = new Set(names);
  const out = unzipSync(archive, {
    filter: (file) => {
      if (!wanted.has(file.name)) return false;
      guard(file);
      return true;
    },
  });
  return new Map(Object.entries(out));
}

import { unzipSync } from "fflate";

/**
 * One member of a zip archive (siibra's `ZipfileConnector.get`), inflated on its own: archives of
 * connectivity cohorts hold hundreds of matrices, of which one is read at a time. Returns null when
 * the archive is readable but has no such member; throws when the bytes are not a zip.
 */
export function zipMember(archive: Uint8Array, name: string): Uint8Array | null {
  const out = unzipSync(archive, { filter: (file) => file.name === name });
  return out[name] ?? null;
}

/** Member names (no inflation), for error texts and exports. */
export function zipNames(archive: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(archive, {
    filter: (file) => {
      names.push(file.name);
      return false;
    },
  });
  return names;
}

/**
 * Several members in one pass over the central directory (a per-member pass costs a scan of every
 * entry); `names` should be a batch, not a whole cohort, since all of them are inflated together.
 */
export function zipMembers(archive: Uint8Array, names: string[]): Map<string, Uint8Array> {
  const wanted = new Set(names);
  const out = unzipSync(archive, { filter: (file) => wanted.has(file.name) });
  return new Map(Object.entries(out));
}

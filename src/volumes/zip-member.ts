/**
 * One member of a zip archive (the `zip/nii` providers), read through the central directory and
 * inflated with the platform's `DecompressionStream("deflate-raw")`, bounded like every other
 * decompression (fflate's JavaScript inflate took seconds for the ~30 MB MNI152 template).
 * Stored and deflated members; ZIP64 archives are refused.
 */
import { VolumeDataError } from "./errors.ts";
import { OverCapError, readCapped } from "../lib/read-capped.ts";

export async function zipMember(
  bytes: Uint8Array<ArrayBuffer>,
  url: string,
  member: string,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string): never => {
    throw new VolumeDataError(`${url} ${member}`, why);
  };
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail("not a zip archive");
  const entries = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (at === 0xffffffff) fail("ZIP64 archives are not supported");
  const decoder = new TextDecoder();
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) fail("corrupt central directory");
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + skip;
    if (name !== member) continue;
    if (size > maxBytes) fail(`member larger than ${maxBytes} bytes`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) fail("corrupt local header");
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + compressed > bytes.length) fail("truncated member");
    const data = bytes.slice(start, start + compressed);
    if (method === 0) return data;
    if (method !== 8) fail(`compression method ${method} is not supported`);
    try {
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return await readCapped(stream, maxBytes);
    } catch (err) {
      if (err instanceof OverCapError) fail(`member inflates to more than ${maxBytes} bytes`);
      return fail(`corrupt deflate data (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return fail("no such member in the zip");
}

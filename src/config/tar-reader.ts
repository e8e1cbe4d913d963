/**
 * Minimal tar reader for GitHub archive tarballs (`git archive` output): ustar headers with the
 * `prefix` field, pax extended headers (`x`, path overrides; `g` global headers are ignored) and GNU
 * long names (`L`). Only regular files and directories are returned; links and devices are skipped,
 * since the configuration has none we need and links could point outside the extraction root.
 */

export type TarEntry = { path: string; type: "file" | "dir"; data: Uint8Array };

const BLOCK = 512;

export function* readTar(buf: Uint8Array): Generator<TarEntry> {
  const utf8 = new TextDecoder();
  let offset = 0;
  let longName: string | null = null; // from a GNU `L` entry or a pax `path`, applies to the next entry
  while (offset + BLOCK <= buf.length) {
    const header = buf.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return; // end-of-archive marker
    verifyChecksum(header, offset);
    const size = readNumber(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]);
    const dataStart = offset + BLOCK;
    if (dataStart + size > buf.length) throw new Error(`tar: entry at byte ${offset} is truncated`);
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "L") {
      longName = cString(utf8, data);
      continue;
    }
    if (type === "x") {
      longName = paxPath(utf8, data) ?? longName;
      continue;
    }
    if (type === "g" || type === "K") continue; // global pax metadata, GNU long link names
    const path = longName ?? ustarPath(utf8, header);
    longName = null;
    if (type === "0" || type === "\0" || type === "7") yield { path, type: "file", data };
    else if (type === "5") yield { path, type: "dir", data };
  }
}

function ustarPath(utf8: TextDecoder, header: Uint8Array): string {
  const name = cString(utf8, header.subarray(0, 100));
  const magic = cString(utf8, header.subarray(257, 263));
  const prefix = magic.startsWith("ustar") ? cString(utf8, header.subarray(345, 500)) : "";
  return prefix ? `${prefix}/${name}` : name;
}

/** Pax records are `"<len> <key>=<value>\n"`, `len` counting the whole record in bytes. */
function paxPath(utf8: TextDecoder, data: Uint8Array): string | null {
  let pos = 0;
  let path: string | null = null;
  while (pos < data.length) {
    let space = pos;
    while (space < data.length && data[space] !== 0x20) space++;
    const len = Number.parseInt(utf8.decode(data.subarray(pos, space)), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = utf8.decode(data.subarray(space + 1, pos + len - 1));
    const eq = record.indexOf("=");
    if (record.slice(0, eq) === "path") path = record.slice(eq + 1);
    pos += len;
  }
  return path;
}

/** Octal (NUL/space terminated) or, for large values, GNU base-256 with the high bit set. */
function readNumber(field: Uint8Array): number {
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const text = String.fromCharCode(...field)
    .replace(/[\0 ]+$/g, "")
    .trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function verifyChecksum(header: Uint8Array, offset: number): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  if (sum !== readNumber(header.subarray(148, 156))) throw new Error(`tar: bad header checksum at byte ${offset}`);
}

function cString(utf8: TextDecoder, bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

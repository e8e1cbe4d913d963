import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readTar } from "../../src/config/tar-reader.ts";
import {
  LONG_CONTENT,
  LONG_PATH,
  makeTar,
  removeTmpDirs,
  SAMPLE_FILES,
  SHARED_CONFIG,
  stageTree,
} from "./tar-fixture.ts";

const TOP = "siibra-configurations-0123456789abcdef";

describe("readTar", () => {
  afterAll(removeTmpDirs);
  const stage = stageTree(TOP);
  // pax: long names as `x` records; gnu: `L` entries; ustar: the 155-byte prefix field.
  for (const format of ["pax", "gnu", "ustar"] as const) {
    test(`reads ${format} archives, including a path longer than 100 bytes`, () => {
      const entries = [...readTar(makeTar(stage, TOP, format, false))];
      const files = new Map(entries.filter((e) => e.type === "file").map((e) => [e.path, e.data]));
      expect([...files.keys()].sort()).toEqual([...SAMPLE_FILES, LONG_PATH].map((p) => `${TOP}/${p}`).sort());
      for (const rel of SAMPLE_FILES) {
        expect(Buffer.from(files.get(`${TOP}/${rel}`) ?? []).equals(readFileSync(join(SHARED_CONFIG, rel)))).toBe(true);
      }
      expect(new TextDecoder().decode(files.get(`${TOP}/${LONG_PATH}`))).toBe(LONG_CONTENT);
      expect(entries.some((e) => e.type === "dir" && e.path.replace(/\/$/, "") === TOP)).toBe(true);
    });
  }

  test("skips a leading pax global header, as git archive (GitHub) writes one", () => {
    const tar = makeTar(stage, TOP, "pax", false);
    const withGlobal = new Uint8Array(
      paxGlobalHeader("comment", "c71ea4660ae7df8594196e17e1f79eaba68605a3").length + tar.length,
    );
    withGlobal.set(paxGlobalHeader("comment", "c71ea4660ae7df8594196e17e1f79eaba68605a3"));
    withGlobal.set(tar, withGlobal.length - tar.length);
    const paths = [...readTar(withGlobal)].filter((e) => e.type === "file").map((e) => e.path);
    expect(paths).toContain(`${TOP}/${LONG_PATH}`);
    expect(paths).not.toContain("pax_global_header");
  });

  test("rejects a corrupted header", () => {
    const tar = makeTar(stage, TOP, "pax", false);
    tar[10] ^= 0xff;
    expect(() => [...readTar(tar)]).toThrow("checksum");
  });
});

/** A `g` entry (header block + one data block) carrying one pax record. */
function paxGlobalHeader(key: string, value: string): Uint8Array {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 2;
  if (`${len}${body}`.length !== len) len += 1;
  const record = new TextEncoder().encode(`${len}${body}`);
  const out = new Uint8Array(1024);
  const put = (text: string, at: number) => out.set(new TextEncoder().encode(text), at);
  put("pax_global_header", 0);
  put("0000666\0", 100);
  put(`${record.length.toString(8).padStart(11, "0")}\0`, 124);
  put("00000000000\0", 136);
  put("g", 156);
  put("ustar\0" + "00", 257);
  put("        ", 148);
  const sum = out.subarray(0, 512).reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  out.set(record, 512);
  return out;
}

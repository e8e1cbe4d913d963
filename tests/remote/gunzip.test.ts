import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { gunzip, isGzip } from "../../src/lib/gunzip.ts";
import { RemoteBadDataError } from "../../src/lib/remote.ts";

const text = "siibra ".repeat(5000);
const gz = new Uint8Array(gzipSync(text));

describe("gunzip", () => {
  test("inflates within the cap", async () => {
    const out = await gunzip(gz, { maxBytes: text.length });
    expect(new TextDecoder().decode(out)).toBe(text);
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(out)).toBe(false);
  });

  test("a gzip bomb stops at the cap with a 502 naming the source", async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(200_000_000), { level: 9 }));
    expect(bomb.length).toBeLessThan(300_000);
    const t0 = performance.now();
    const err = await gunzip(bomb, {
      maxBytes: 1_000_000,
      url: "https://data.example/v.nii.gz",
      what: "volume v",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteBadDataError);
    const e = err as RemoteBadDataError;
    expect([e.status, e.body.host, e.body.what]).toEqual([502, "data.example", "volume v"]);
    expect(e.reason).toContain("gzip bomb");
    // Stopping early: far less than inflating 200 MB would take.
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  test("truncated and corrupt input are 502s", async () => {
    for (const bad of [
      gz.subarray(0, gz.length - 8),
      gz.subarray(0, 30),
      new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]),
    ]) {
      const err = await gunzip(bad, { maxBytes: 1e9 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteBadDataError);
      expect((err as RemoteBadDataError).reason).toContain("corrupt or truncated");
    }
  });
});

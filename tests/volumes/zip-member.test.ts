import { expect, test } from "bun:test";
import { zipSync } from "fflate";
import { zipMember } from "../../src/volumes/zip-member.ts";
import { VolumeDataError } from "../../src/volumes/errors.ts";

const a = new Uint8Array(50_000).map((_, n) => n % 251);
const b = new TextEncoder().encode("second member");
const zipped = (level: 0 | 6) => new Uint8Array(zipSync({ "dir/a.nii": a, "b.txt": b }, { level }));

test("reads stored and deflated members by name", async () => {
  for (const level of [0, 6] as const) {
    expect(await zipMember(zipped(level), "https://h/x.zip", "dir/a.nii", 1e6)).toEqual(a);
    expect(await zipMember(zipped(level), "https://h/x.zip", "b.txt", 1e6)).toEqual(b);
  }
});

test("missing members, caps, corrupt and non-zip data are 502s naming the archive", async () => {
  const corrupt = zipped(6);
  corrupt.fill(0x13, 60, 400);
  const cases = [
    zipMember(zipped(6), "https://h/x.zip", "nope.nii", 1e6),
    zipMember(zipped(6), "https://h/x.zip", "dir/a.nii", 1000),
    zipMember(corrupt, "https://h/x.zip", "dir/a.nii", 1e6),
    zipMember(new Uint8Array(500), "https://h/x.zip", "dir/a.nii", 1e6),
  ];
  for (const pending of cases) {
    const err = await pending.catch((e) => e);
    expect(err).toBeInstanceOf(VolumeDataError);
    expect((err as VolumeDataError).status).toBe(502);
  }
});

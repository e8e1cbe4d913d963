/**
 * A strong ETag names a file's bytes before they are built, whichever process builds them (role `all`,
 * a pool thread, any worker): feature downloads and atlas bundles must not depend on the clock or the
 * time zone of that process. Each side below is its own composition (its own keep layer, data cache and
 * task store), run with another frozen clock and another time zone, as another process would be.
 */
import { afterAll, beforeAll, describe, expect, setSystemTime, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { atlasDownload } from "../../jobs/atlas-download.ts";
import { configFiles, getJson } from "../_support/app.ts";
import { AREA44L, JBA31, dataApp, doc, fingerprintTsv, proxyPath } from "../_support/feature-data-host.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";
import { FileBody } from "../../src/lib/file-body.ts";

const enc = encodeURIComponent;
type Side = Awaited<ReturnType<typeof dataApp>>;

// The same ETag epoch (one day), but another hour, minute and second: zip entry times would differ.
const T0 = Date.UTC(2026, 2, 1, 0, 10, 8);
const T1 = Date.UTC(2026, 2, 1, 23, 47, 32);
// Zip entry times are local wall-clock fields: east and west of UTC they differ for the same instant.
const ZONES = ["Pacific/Kiritimati", "America/Los_Angeles"] as const;

const routes: Record<string, Route> = {};
let host: Fixture;
let sides: [Side, Side];
let featureId = "";
const tz = process.env.TZ;

/** Runs `work` with the clock frozen at `ms` in time zone `zone`, then restores both. */
async function at<T>(ms: number, zone: string, work: () => Promise<T>): Promise<T> {
  setSystemTime(ms);
  process.env.TZ = zone;
  try {
    return await work();
  } finally {
    setSystemTime();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
}

beforeAll(async () => {
  host = serveFixture(routes);
  sides = [await dataApp(host.origin), await dataApp(host.origin)];
  const list = await getJson(
    sides[0].app,
    `/v3_0/feature/Tabular?parcellation_id=${enc(JBA31)}&region_id=${enc(AREA44L)}&type=ReceptorDensityFingerprint`,
  );
  featureId = (list.body as { items: { id: string }[] }).items[0].id;
  const path = (await configFiles()).files.find(([, d]) => (d as { "@id"?: string })["@id"] === featureId)?.[0];
  routes[proxyPath(String((await doc(String(path))).file))] = {
    body: fingerprintTsv([
      ["AMPA", 400.5, 50.25],
      ["GABAA", 1200, 80],
    ]),
  };
});
afterAll(() => host.stop());

/**
 * `[name, "YYYY-MM-DD hh:mm:ss"]` of every entry, read from the central directory and checked against
 * the entry's local header (APPNOTE 4.3.7, 4.3.12, 4.3.16; no archive comment, no zip64).
 */
function entryTimes(zip: Uint8Array): [string, string][] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const pad = (n: number) => String(n).padStart(2, "0");
  const dos = (date: number, time: number) =>
    `${(date >> 9) + 1980}-${pad((date >> 5) & 15)}-${pad(date & 31)} ` +
    `${pad(time >> 11)}:${pad((time >> 5) & 63)}:${pad((time & 31) * 2)}`;
  const out: [string, string][] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const [time, date] = [view.getUint16(at + 12, true), view.getUint16(at + 14, true)];
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    expect([view.getUint16(local + 10, true), view.getUint16(local + 12, true)]).toEqual([time, date]);
    out.push([strFromU8(zip.subarray(at + 46, at + 46 + nameLength)), dos(date, time)]);
    at += 46 + skip;
  }
  return out;
}

const EPOCH = "1980-01-01 00:00:00";

async function featureDownload(side: Side) {
  const res = await side.app.request(`/v3_0/feature/${enc(featureId)}/download`);
  expect(res.status).toBe(200);
  return { etag: res.headers.get("etag"), bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** What siibra-explorer does: start, poll until SUCCESS, download. */
async function bundle(side: Side, query: string): Promise<Uint8Array> {
  const { task_id } = (await getJson(side.app, `/v3_0/atlas_download?${query}`)).body as { task_id: string };
  for (let i = 0; i < 500; i++) {
    const poll = await getJson(side.app, `/v3_0/atlas_download/${task_id}`);
    expect(poll.status).toBe(200);
    if ((poll.body as { status: string }).status === "SUCCESS") break;
    await Bun.sleep(10);
  }
  const res = await side.app.request(`/v3_0/atlas_download/${task_id}/download`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe("the same request in two processes, at other times and in other time zones", () => {
  test("a feature download has the same ETag and the same bytes; every entry is dated 1980-01-01", async () => {
    const a = await at(T0, ZONES[0], () => featureDownload(sides[0]));
    const b = await at(T1, ZONES[1], () => featureDownload(sides[1]));
    expect(a.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(b.etag).toBe(a.etag);
    expect(b.bytes).toEqual(a.bytes);
    expect(entryTimes(a.bytes)).toEqual([
      ["README.md", EPOCH],
      ["tabular.csv", EPOCH],
    ]);
  });

  test("an atlas bundle differs only in README.md, which names its own request's time", async () => {
    const query = `feature_id=${enc(featureId)}`;
    const a = await at(T0, ZONES[0], () => bundle(sides[0], query));
    const b = await at(T1, ZONES[1], () => bundle(sides[1], query));
    const [ea, eb] = [unzipSync(a), unzipSync(b)];
    const names = [`export-${featureId}.zip`, "README.md", "LICENCE.txt"];
    expect(Object.keys(eb)).toEqual(names);
    expect(Object.keys(ea)).toEqual(names);
    for (const name of names.filter((n) => n !== "README.md")) expect(eb[name]).toEqual(ea[name]);
    // Python's str(datetime) of each request time, in UTC whatever the process's zone.
    expect(strFromU8(ea["README.md"])).toContain("retrieved on 2026-03-01 00:10:08.000000.");
    expect(strFromU8(eb["README.md"])).toBe(
      strFromU8(ea["README.md"]).replace("2026-03-01 00:10:08.000000", "2026-03-01 23:47:32.000000"),
    );
    for (const zip of [a, b, ea[names[0]]]) expect(entryTimes(zip).every(([, t]) => t === EPOCH)).toBe(true);
  });

  test("one task built twice (a redelivery to another worker) is the same zip, byte for byte", async () => {
    const payload = {
      task_id: "7c1e0f4a-2b3c-4d5e-8f90-a1b2c3d4e5f6",
      space_id: null,
      parcellation_id: null,
      region_id: null,
      feature_id: featureId,
      bbox: null,
      strict_mode: null,
      version: "0.3.35",
      requested_at: T0,
    };
    const built = async (side: Side) => {
      await atlasDownload.run(payload, side.services);
      const file = await side.services.downloadTasks.file(payload.task_id);
      return file instanceof FileBody ? file.bytes : new Uint8Array(await new Response(file.open()).arrayBuffer());
    };
    const a = await at(T0 + 1_000, ZONES[0], () => built(sides[0]));
    const b = await at(T1, ZONES[1], () => built(sides[1]));
    expect(b).toEqual(a);
    expect(entryTimes(a).length).toBe(3);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { downOrigin, startFaultHost } from "../_support/fault-host.ts";
import { configFiles, getJson } from "../_support/app.ts";
import { DATA_PROXY, dataApp, fingerprintTsv, proxyPath, zipOf } from "../_support/feature-data-host.ts";
import type { FaultHost, Fault } from "../_support/fault-host.ts";
import type { Json } from "../_support/feature-data-host.ts";

/**
 * Faults of a feature's data host at route level: every one answers an envelope naming the host and
 * the feature, with the status of its class (unreachable 503, timed out 504, bad data 502), within
 * the time budget, and the service keeps answering.
 */
const BUDGET_MS = 600;
const enc = encodeURIComponent;
const GOOD = fingerprintTsv([["AMPA", 1, 0.5]]);

let data: FaultHost;
let stranger: FaultHost;
let app: Awaited<ReturnType<typeof dataApp>>["app"];
/** Fingerprints with distinct files: [id, configured URL]. */
const fingerprints: [string, string][] = [];

beforeAll(async () => {
  const seen = new Set<string>();
  for (const [path, raw] of (await configFiles()).files) {
    const d = raw as Json;
    if (!path.startsWith("features/tabular/fingerprints/receptor/") || typeof d["@id"] !== "string") continue;
    if (seen.has(String(d.file))) continue;
    seen.add(String(d.file));
    fingerprints.push([d["@id"], String(d.file)]);
  }
  stranger = await startFaultHost({ files: { "/x.tsv": GOOD } });
  data = await startFaultHost();
  app = (
    await dataApp(data.origin, {
      SIIBRA_API_REMOTE_TIMEOUT_MS: String(BUDGET_MS),
      SIIBRA_API_REMOTE_MAX_MB: "1",
      // Each fault is judged on its own here; the memory of failures has its own test below.
      SIIBRA_API_REMOTE_FAILURE_TTL_MS: "0",
    })
  ).app;
});

afterAll(async () => {
  await data.stop();
  await stranger.stop();
});

async function detailWith(k: number, fault: Fault | null, file?: string | Uint8Array) {
  const [id, url] = fingerprints[k];
  if (file !== undefined) data.setFile(proxyPath(url), file);
  data.setFault(proxyPath(url), fault);
  const t0 = performance.now();
  const res = await getJson(app, `/v3_0/feature/${enc(id)}`);
  return { id, url, res, ms: performance.now() - t0 };
}

function envelope(res: { body: unknown }): Json {
  return JSON.parse(String((res.body as Json).message)) as Json;
}

const CASES: [name: string, fault: Fault, status: number][] = [
  ["404 from the host", { kind: "status", status: 404 }, 502],
  ["500 from the host", { kind: "status", status: 500 }, 502],
  ["slow past the budget", { kind: "slow", delayMs: 5_000 }, 504],
  ["truncated body", { kind: "truncate" }, 502],
  ["garbage bytes", { kind: "garbage", bytes: 512 }, 502],
  ["oversized body", { kind: "oversize", bytes: 3 * 1024 * 1024 }, 502],
  ["gzip bomb", { kind: "gzipBomb", inflatedBytes: 8 * 1024 * 1024 }, 502],
];

describe("faults of the data host", () => {
  CASES.forEach(([name, fault, status], k) => {
    test(`${name} → ${status}, naming host and feature, within the budget`, async () => {
      const { id, res, ms } = await detailWith(k, fault, GOOD);
      expect(res.status).toBe(status);
      const body = envelope(res);
      expect([body.host, body.what]).toEqual(["data-proxy.ebrains.eu", `feature ${id}`]);
      expect(ms).toBeLessThan(BUDGET_MS + 1_500);
    });
  });

  test("a redirect to a host outside the allow-list → 502, the other host never contacted", async () => {
    const { id, res } = await detailWith(CASES.length, { kind: "redirect", to: `${stranger.origin}/x.tsv` }, GOOD);
    expect(res.status).toBe(502);
    expect(envelope(res).what).toBe(`feature ${id}`);
    expect(stranger.hits("/x.tsv")).toBe(0);
  });

  test("a table that is not a receptor table → 502", async () => {
    const { res } = await detailWith(CASES.length + 1, null, "just one column\nno tabs here\n");
    expect(res.status).toBe(502);
    expect(String(envelope(res).detail)).toContain("unusable data");
  });

  test("a zip archive without the configured member → 502", async () => {
    const id = "marmoset-nencki-monash-template--calbindin-profile-A1-2";
    const d = (await configFiles()).files.find(([, raw]) => (raw as Json)["@id"] === id)?.[1] as Json;
    data.setFile(proxyPath(String((d.repository as Json).url)), zipOf({ "other.csv": "a,b\n1,2\n" }));
    const res = await getJson(app, `/v3_0/feature/${enc(id)}`);
    expect(res.status).toBe(502);
    expect(String(envelope(res).detail)).toContain("no member A1-2.csv");
  });

  test("the service stays up and good data still answers", async () => {
    expect((await getJson(app, "/v3_0/atlases")).status).toBe(200);
    const { res } = await detailWith(CASES.length + 2, null, GOOD);
    expect(res.status).toBe(200);
    for (const route of ["plotly", "download"]) {
      const [id] = fingerprints[0];
      const r = await app.request(`/v3_0/feature/${enc(id)}/${route}`);
      expect([route, r.status]).toEqual([route, 502]);
    }
  });
});

describe("a host that is down", () => {
  test("503, then a remembered failure: no second wait", async () => {
    const { app: offline } = await dataApp(await downOrigin(), { SIIBRA_API_REMOTE_TIMEOUT_MS: String(BUDGET_MS) });
    const [[a], [b]] = fingerprints;
    const first = await getJson(offline, `/v3_0/feature/${enc(a)}`);
    expect(first.status).toBe(503);
    expect(envelope(first).host).toBe("data-proxy.ebrains.eu");
    const t0 = performance.now();
    const second = await getJson(offline, `/v3_0/feature/${enc(b)}`);
    expect(second.status).toBe(503);
    expect(performance.now() - t0).toBeLessThan(BUDGET_MS);
    expect(DATA_PROXY).toBe("https://data-proxy.ebrains.eu/");
  });
});

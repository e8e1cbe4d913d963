/**
 * The fetcher the composition root builds (`JobContext.fetcher`): configured from the environment,
 * limited to the configuration's hosts, and its failures rendered as upstream envelopes, never a 500.
 * A tiny route on the real app stands for a feature/volume route that loads remote data.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { composeServices } from "../../src/compose.ts";
import { serviceAllowList } from "../../src/config/remote-hosts.ts";
import { parseRemapRules } from "../../src/lib/remote.ts";
import { parseEnv } from "../../src/env.ts";
import { configFiles, getJson, testApp } from "../_support/app.ts";
import { startFaultHost } from "../_support/fault-host.ts";
import type { FaultHost } from "../_support/fault-host.ts";
import { expected, expectedIdsOnly, refs } from "./dataset-expectations.ts";
import { kgRoutes } from "./kg-fixtures.ts";

const PROXY = "https://data-proxy.ebrains.eu";
const FILE = "/api/v1/buckets/test-bucket/profile.json";

const proxy = await startFaultHost({
  files: { [FILE]: JSON.stringify({ values: [1, 2, 3] }) },
  faults: {
    "/api/v1/buckets/test-bucket/missing.json": { kind: "status", status: 404 },
    "/api/v1/buckets/test-bucket/slow.json": { kind: "slow", delayMs: 3000 },
    "/api/v1/buckets/test-bucket/huge.bin": { kind: "oversize", bytes: 3 * 1024 * 1024 },
    "/api/v1/buckets/test-bucket/garbage.json": { kind: "garbage" },
  },
});
const stranger = await startFaultHost({ files: { "/x": "secret" } });
afterAll(() => Promise.all([proxy.stop(), stranger.stop()]));

/** The real app plus `GET /_test/remote?url=…`, which loads the URL as a feature route would. */
async function appWith(extraEnv: Record<string, string> = {}) {
  const { app, services } = await testApp({
    env: {
      SIIBRA_API_CACHE: "none",
      SIIBRA_API_REMAP_PROVIDERS: proxy.remapVar(PROXY),
      SIIBRA_API_REMOTE_TIMEOUT_MS: "300",
      SIIBRA_API_REMOTE_MAX_MB: "1",
      SIIBRA_API_REMOTE_FAILURE_TTL_MS: "0",
      ...extraEnv,
    },
  });
  app.get("/_test/remote", async (c) =>
    c.json(await services.fetcher.json(c.req.query("url") ?? "", { what: "feature test-feature" })),
  );
  return app;
}

function envelopeOf(body: unknown): { status_code: number; message: Record<string, unknown> } {
  const env = body as { error: boolean; status_code: number; message: string };
  expect(env.error).toBe(true);
  return { status_code: env.status_code, message: JSON.parse(env.message) };
}

describe("the composed data fetcher", () => {
  let app: Awaited<ReturnType<typeof appWith>>;
  const get = (url: string) => getJson(app, `/_test/remote?url=${encodeURIComponent(url)}`);

  test("loads a configured host's file through the remap", async () => {
    app = await appWith();
    const res = await get(`${PROXY}${FILE}`);
    expect([res.status, res.body]).toEqual([200, { values: [1, 2, 3] }]);
  });

  const cases: [string, number, string][] = [
    ["missing.json", 502, "data-proxy.ebrains.eu answered HTTP 404 when loading feature test-feature"],
    ["slow.json", 504, "Loading feature test-feature from data-proxy.ebrains.eu timed out after 300 ms"],
    ["huge.bin", 502, "data-proxy.ebrains.eu sent unusable data for feature test-feature: body exceeds the 1 MB cap"],
    ["garbage.json", 502, "data-proxy.ebrains.eu sent unusable data for feature test-feature: response is not JSON"],
  ];
  for (const [file, status, detail] of cases) {
    test(`${file}: ${status} envelope naming the host and the feature`, async () => {
      const res = await get(`${PROXY}/api/v1/buckets/test-bucket/${file}`);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/json");
      const { status_code, message } = envelopeOf(res.body);
      expect(status_code).toBe(status);
      expect(message).toMatchObject({ detail, host: "data-proxy.ebrains.eu", what: "feature test-feature" });
    });
  }

  test("a URL smuggled in a parameter is a 400 and causes no connection", async () => {
    for (const url of [`${stranger.origin}/x`, "https://evil.example/x", "file:///etc/passwd"]) {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(String(envelopeOf(res.body).message.detail)).toEndWith("host not allowed");
    }
    expect(stranger.hits()).toBe(0);
  });

  test("SIIBRA_API_REMOTE_ALLOW_HOSTS admits an extra host", async () => {
    const extended = await appWith({ SIIBRA_API_REMOTE_ALLOW_HOSTS: `other.example, ${stranger.host}` });
    const res = await getJson(extended, `/_test/remote?url=${encodeURIComponent(`${stranger.origin}/x`)}`);
    // Reached (the body is not JSON, hence 502): the host was allowed.
    expect(res.status).toBe(502);
    expect(stranger.hits("/x")).toBe(1);
  });
});

describe("allow-list from the configuration", () => {
  test("names the configuration's data hosts and the service's fixed hosts, as remapped", async () => {
    const files = await configFiles();
    const fixture: Pick<FaultHost, "host"> = proxy;
    const list = serviceAllowList(files, [[PROXY, proxy.origin]], ["extra.example:8443"]);
    const hosts = new Set(list.list());
    for (const h of [
      "data-proxy.ebrains.eu",
      "neuroglancer.humanbrainproject.eu",
      "1um.brainatlas.eu",
      "api.brain-map.org",
      "jugit.fz-juelich.de",
      "extra.example:8443",
      fixture.host,
    ]) {
      expect(hosts.has(h)).toBe(true);
    }
    // 10.0.3.248 is how a URL parser reads the mistyped DOI "https://10.1016/…" in the configuration.
    for (const h of ["evil.example", "localhost", "169.254.169.254", "10.0.3.248"]) expect(hosts.has(h)).toBe(false);
  });

  test("the remote variables parse with their defaults", () => {
    const env = parseEnv({});
    expect([
      env.SIIBRA_API_REMOTE_TIMEOUT_MS,
      env.SIIBRA_API_REMOTE_MAX_MB,
      env.SIIBRA_API_REMOTE_FAILURE_TTL_MS,
      env.SIIBRA_API_REMOTE_ALLOW_HOSTS,
    ]).toEqual([15000, 256, 30000, []]);
    expect(
      parseEnv({ SIIBRA_API_REMOTE_ALLOW_HOSTS: "a.example b.example:81,c.example" }).SIIBRA_API_REMOTE_ALLOW_HOSTS,
    ).toEqual(["a.example", "b.example:81", "c.example"]);
    expect(() => parseEnv({ SIIBRA_API_REMOTE_MAX_MB: "lots" })).toThrow("SIIBRA_API_REMOTE_MAX_MB");
    expect(() => parseEnv({ SIIBRA_API_REMOTE_TIMEOUT_MS: "0" })).toThrow("SIIBRA_API_REMOTE_TIMEOUT_MS");
    expect(parseEnv({ SIIBRA_API_REMOTE_FAILURE_TTL_MS: "0" }).SIIBRA_API_REMOTE_FAILURE_TTL_MS).toBe(0);
  });
});

describe("dataset metadata through the composed fetcher", () => {
  const kgEnv = (origin: string) => ({
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: [`${PROXY}::${origin}`, `https://jugit.fz-juelich.de::${origin}`].join("\n"),
    SIIBRA_API_KG_TIMEOUT_MS: "400",
  });
  const servicesFor = async (origin: string) =>
    composeServices({
      env: parseEnv(kgEnv(origin)),
      files: await configFiles(),
      remap: parseRemapRules(kgEnv(origin).SIIBRA_API_REMAP_PROVIDERS),
    });

  test("the knowledge-graph hosts are allowed: documents resolve", async () => {
    const kg = await startFaultHost({
      files: Object.fromEntries(Object.entries(kgRoutes()).map(([p, r]) => [p, r.body])),
    });
    try {
      const services = await servicesFor(kg.origin);
      expect(JSON.stringify(await services.datasets.resolve(refs))).toBe(JSON.stringify(expected));
    } finally {
      await kg.stop();
    }
  });

  for (const fault of [
    { kind: "status", status: 500 },
    { kind: "garbage" },
    { kind: "hang" },
    { kind: "truncate" },
  ] as const) {
    test(`a ${fault.kind} knowledge graph still gives ids-only datasets, not an error`, async () => {
      const kg = await startFaultHost();
      for (const path of Object.keys(kgRoutes())) kg.setFault(path, fault);
      try {
        const services = await servicesFor(kg.origin);
        expect(JSON.stringify(await services.datasets.resolve(refs))).toBe(JSON.stringify(expectedIdsOnly));
      } finally {
        await kg.stop();
      }
    });
  }
});

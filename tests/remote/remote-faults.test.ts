/** Every fault of a remote host ends as the right typed error, within the budget. */
import { afterAll, describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { UnavailableError } from "../../src/errors.ts";
import { buildAllowList } from "../../src/lib/host-allow-list.ts";
import {
  createRemoteFetcher,
  RemoteBadDataError,
  RemoteTimeoutError,
  type RemoteUnavailableError,
  RemoteUnreachableError,
} from "../../src/lib/remote.ts";
import { downOrigin, startFaultHost } from "../_support/fault-host.ts";

const DATA = "https://data.example";
const BUDGET = 400;
const CAP = 64 * 1024;

const host = await startFaultHost({
  files: { "/ok.json": JSON.stringify({ a: [1, 2] }), "/exact.bin": new Uint8Array(CAP).fill(7) },
  faults: {
    "/404": { kind: "status", status: 404 },
    "/500": { kind: "status", status: 500 },
    "/slow": { kind: "slow", delayMs: 3000 },
    "/hang": { kind: "hang" },
    "/drip": { kind: "drip", intervalMs: 50 },
    "/drip-declared": { kind: "drip", intervalMs: 50, totalBytes: 10_000 },
    "/truncated": { kind: "truncate", declaredBytes: 5000 },
    "/garbage": { kind: "garbage" },
    "/oversize": { kind: "oversize", bytes: 20 * CAP },
    "/oversize-declared": { kind: "oversize", bytes: 20 * CAP, declare: true },
    "/bomb-encoded": { kind: "gzipBomb", inflatedBytes: 50_000_000, encoding: true },
    "/reset": { kind: "reset" },
    "/overlong": { kind: "overlong", declaredBytes: 1000, bytes: 20 * CAP },
  },
});
afterAll(() => host.stop());

const remap = [host.remapFrom(DATA)] as const;
const fetcher = createRemoteFetcher({
  remap,
  allow: buildAllowList({ hosts: ["data.example"], remap }),
  timeoutMs: BUDGET,
  maxBytes: CAP,
  failureTtlMs: 0,
});

/** Runs a request that must fail; returns the error and how long it took. */
async function failing(path: string, kind: "bytes" | "json" = "bytes") {
  const t0 = performance.now();
  const err = await fetcher[kind](`${DATA}${path}`, { what: `test file ${path}` }).then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  return { err: err as RemoteUnavailableError, ms: performance.now() - t0 };
}

/** The FastAPI body names the configured host and what was loaded, with a sentence as detail. */
function expectBody(err: RemoteUnavailableError, path: string) {
  expect(err.body.host).toBe("data.example");
  expect(err.body.what).toBe(`test file ${path}`);
  expect(typeof err.body.detail).toBe("string");
  expect(err.body.detail as string).toContain("data.example");
}

describe("fault classes", () => {
  test("a good file passes, and a body of exactly the cap is accepted", async () => {
    expect(await fetcher.json(`${DATA}/ok.json`)).toEqual({ a: [1, 2] });
    expect((await fetcher.bytes(`${DATA}/exact.bin`)).byteLength).toBe(CAP);
  });

  for (const [path, status] of [
    ["/404", 404],
    ["/500", 500],
  ] as const) {
    test(`HTTP ${status} is a 502 naming the host`, async () => {
      const { err } = await failing(path);
      expect(err).toBeInstanceOf(RemoteBadDataError);
      expect(err).toBeInstanceOf(UnavailableError);
      expect([err.status, err.kind, err.httpStatus]).toEqual([502, "http", status]);
      expectBody(err, path);
      expect(err.body.detail as string).toContain(`HTTP ${status}`);
    });
  }

  for (const path of ["/slow", "/hang", "/drip", "/drip-declared"]) {
    test(`${path}: 504 at the budget, not later`, async () => {
      const { err, ms } = await failing(path);
      expect(err).toBeInstanceOf(RemoteTimeoutError);
      expect(err.status).toBe(504);
      expectBody(err, path);
      expect(ms).toBeGreaterThanOrEqual(BUDGET - 20);
      expect(ms).toBeLessThan(BUDGET + 1000);
    });
  }

  test("a body shorter than its Content-Length is a 502 (truncated)", async () => {
    const { err } = await failing("/truncated");
    expect(err).toBeInstanceOf(RemoteBadDataError);
    expect(err.status).toBe(502);
    expect(err.reason).toContain("truncated");
  });

  test("garbage where JSON is expected is a 502", async () => {
    const { err } = await failing("/garbage", "json");
    expect(err).toBeInstanceOf(RemoteBadDataError);
    expect([err.status, err.kind]).toEqual([502, "body"]);
    expect(err.body.what).toBe("test file /garbage");
  });

  for (const path of ["/oversize", "/oversize-declared", "/bomb-encoded"]) {
    test(`${path}: over the cap is a 502, quickly`, async () => {
      const { err, ms } = await failing(path);
      expect(err).toBeInstanceOf(RemoteBadDataError);
      expect(err.status).toBe(502);
      expect(err.reason).toMatch(/cap|gzip bomb/);
      expect(ms).toBeLessThan(BUDGET);
    });
  }

  test("bytes beyond the declared Content-Length are not part of the body (HTTP framing bounds it)", async () => {
    const body = await fetcher.bytes(`${DATA}/overlong`);
    expect(body.byteLength).toBe(1000);
  });

  test("a per-request maxBytes overrides the default cap", async () => {
    const err = await fetcher.bytes(`${DATA}/exact.bin`, { maxBytes: CAP - 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteBadDataError);
  });

  test("a connection closed without an answer, and a closed port, are 503 unreachable", async () => {
    const before = host.hits("/reset");
    const { err } = await failing("/reset");
    expect(err).toBeInstanceOf(RemoteUnreachableError);
    expect(err.status).toBe(503);
    // One fresh attempt after a reset (it may have been a stale keep-alive connection), then the verdict.
    expect(host.hits("/reset") - before).toBe(2);
    const down = await downOrigin();
    const refused = createRemoteFetcher({ remap: [["https://down.example", down]], failureTtlMs: 0 });
    const e2 = (await refused.bytes("https://down.example/x").catch((e: unknown) => e)) as RemoteUnavailableError;
    expect(e2).toBeInstanceOf(RemoteUnreachableError);
    expect([e2.status, e2.body.host]).toEqual([503, "down.example"]);
  });
});

describe("gzip on the wire", () => {
  test("Content-Encoding: gzip within the cap is decoded", async () => {
    const local = await startFaultHost();
    try {
      const text = "x".repeat(1000);
      local.setFault("/z", { kind: "gzipBomb", inflatedBytes: 1000, encoding: true });
      const body = await createRemoteFetcher().bytes(`${local.origin}/z`);
      expect(body).toEqual(new Uint8Array(1000));
      expect(gzipSync(text).length).toBeLessThan(1000); // the wire form really is smaller
    } finally {
      await local.stop();
    }
  });
});

describe("inflate option", () => {
  test("auto inflates gzip files and passes other data through; gzip requires gzip; bombs stop at the cap", async () => {
    const local = await startFaultHost();
    const text = "v".repeat(10_000);
    local.setFile("/t.txt.gz", new Uint8Array(gzipSync(text)));
    local.setFile("/t.txt", text);
    local.setFault("/bomb.gz", { kind: "gzipBomb", inflatedBytes: 50_000_000 });
    try {
      const f = createRemoteFetcher({ remap: [local.remapFrom(DATA)], maxBytes: CAP });
      expect(await f.text(`${DATA}/t.txt.gz`, { inflate: "auto" })).toBe(text);
      expect(await f.text(`${DATA}/t.txt`, { inflate: "auto" })).toBe(text);
      expect((await f.bytes(`${DATA}/t.txt.gz`)).length).toBe(gzipSync(text).length);
      const notGzip = await f.bytes(`${DATA}/t.txt`, { inflate: "gzip", what: "volume v" }).catch((e: unknown) => e);
      expect(notGzip).toBeInstanceOf(RemoteBadDataError);
      expect((notGzip as RemoteBadDataError).body.what).toBe("volume v");
      const bomb = await f.bytes(`${DATA}/bomb.gz`, { inflate: "auto" }).catch((e: unknown) => e);
      expect(bomb).toBeInstanceOf(RemoteBadDataError);
      expect((bomb as RemoteBadDataError).reason).toContain("gzip bomb");
      expect((bomb as RemoteBadDataError).body.host).toBe("data.example");
    } finally {
      await local.stop();
    }
  });
});

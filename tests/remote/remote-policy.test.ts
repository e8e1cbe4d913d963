/** Which hosts may be contacted, how redirects are followed, and how outages are remembered. */
import { afterAll, describe, expect, test } from "bun:test";
import { AppError } from "../../src/errors.ts";
import { buildAllowList } from "../../src/lib/host-allow-list.ts";
import {
  createRemoteFetcher,
  HostNotAllowedError,
  RemoteBadDataError,
  RemoteTimeoutError,
  RemoteUnreachableError,
} from "../../src/lib/remote.ts";
import { downOrigin, startFaultHost } from "../_support/fault-host.ts";

const DATA = "https://data.example";
const OTHER = "https://other.example";

const data = await startFaultHost({ files: { "/ok.txt": "ok", "/b/target.txt": "target" } });
/** A second host that no rule and no list names: it must never see a request it was not allowed. */
const stranger = await startFaultHost({ files: { "/ok.txt": "stranger" } });
const other = await startFaultHost({ files: { "/x.txt": "other" } });
afterAll(() => Promise.all([data.stop(), stranger.stop(), other.stop()]));

const remap = [data.remapFrom(DATA), other.remapFrom(OTHER)] as const;
const allow = buildAllowList({ hosts: ["data.example", "other.example"], remap });
const fetcher = createRemoteFetcher({ remap, allow, timeoutMs: 1000, failureTtlMs: 0 });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const outcome = await p.then(
    () => new Error("resolved"),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

describe("allow-list", () => {
  test("listed hosts are fetched through their remap", async () => {
    expect(await fetcher.text(`${DATA}/ok.txt`)).toBe("ok");
  });

  test("an unlisted host is a 400 naming it, and is never contacted", async () => {
    stranger.resetHits();
    for (const url of [`${stranger.origin}/ok.txt`, "https://evil.example/x", "https://evil.data.example/x"]) {
      const err = await failure(fetcher.text(url, { what: "feature abc" }));
      expect(err).toBeInstanceOf(HostNotAllowedError);
      expect(err.status).toBe(400);
      expect(err.body.detail).toBe(`Refusing to load feature abc from ${new URL(url).host}: host not allowed`);
    }
    expect(stranger.hits()).toBe(0);
  });

  test("other schemes and non-URLs are refused too", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://data.example/x",
      "not a url",
      "javascript:alert(1)",
      // The substring remap turns this into "http://127.0.0.1:<port>.evil.org/x": not a URL either.
      "https://data.example.evil.org/x",
    ]) {
      expect(await failure(fetcher.bytes(url))).toBeInstanceOf(HostNotAllowedError);
    }
  });

  test("built from URLs, bare hosts, ports and remap targets", () => {
    const list = buildAllowList({
      urls: ["https://a.example/x?y=1", "not a url", "http://b.example:8080/", "https://10.1016/j.x", "http://[::1]/"],
      hosts: ["C.example", "d.example:9000", "https://e.example/path"],
      remap: [
        ["https://a.example/x", "http://127.0.0.1:7/mirror"],
        ["f.example", "g.example"],
      ],
    });
    expect(list.list()).toEqual(
      ["127.0.0.1:7", "a.example", "b.example:8080", "c.example", "d.example:9000", "e.example"].sort(),
    );
    expect(list.allows(new URL("https://c.example/any"))).toBe(true);
    expect(list.allows(new URL("https://b.example/"))).toBe(false); // port differs
    expect(list.allows(new URL("ftp://a.example/"))).toBe(false);
  });
});

describe("redirects", () => {
  test("to an allowed host (after its remap) are followed", async () => {
    data.setFault("/r1", { kind: "redirect", to: `${OTHER}/x.txt` });
    data.setFault("/r2", { kind: "redirect", to: "/b/target.txt", status: 307 });
    expect(await fetcher.text(`${DATA}/r1`)).toBe("other");
    expect(await fetcher.text(`${DATA}/r2`)).toBe("target");
  });

  test("to a host outside the list are refused (502) without contacting it", async () => {
    stranger.resetHits();
    data.setFault("/away", { kind: "redirect", to: `${stranger.origin}/ok.txt` });
    const err = await failure(fetcher.text(`${DATA}/away`, { what: "volume v" }));
    expect(err).toBeInstanceOf(RemoteBadDataError);
    expect(err.status).toBe(502);
    expect(String(err.body.detail)).toContain(`redirected to ${stranger.host}, which is not allowed`);
    expect(stranger.hits()).toBe(0);
  });

  test("credentials given for one host are not sent to another after a redirect", async () => {
    data.setFault("/auth-away", { kind: "redirect", to: `${OTHER}/x.txt` });
    data.setFault("/auth-here", { kind: "redirect", to: "/b/target.txt" });
    const headers = { Authorization: "Bearer t", Cookie: "c=1", "X-Trace": "keep" };
    expect(await fetcher.text(`${DATA}/auth-away`, { headers })).toBe("other");
    expect(data.headersOf("/auth-away")?.authorization).toBe("Bearer t");
    expect(other.headersOf("/x.txt")).toMatchObject({ "x-trace": "keep" });
    expect(other.headersOf("/x.txt")?.authorization).toBeUndefined();
    expect(other.headersOf("/x.txt")?.cookie).toBeUndefined();
    expect(await fetcher.text(`${DATA}/auth-here`, { headers })).toBe("target");
    expect(data.headersOf("/b/target.txt")?.authorization).toBe("Bearer t");
  });

  test("loops stop after the hop limit", async () => {
    data.resetHits();
    data.setFault("/loop", { kind: "redirect", to: "/loop" });
    const err = await failure(fetcher.text(`${DATA}/loop`));
    expect(err).toBeInstanceOf(RemoteBadDataError);
    expect(String(err.body.detail)).toContain("more than 5 redirects");
    expect(data.hits("/loop")).toBe(6);
  });
});

describe("failure memory", () => {
  test("a refused connection is remembered: the next request fails at once, until the memory expires", async () => {
    let now = 1_000_000;
    const down = await downOrigin();
    const rules = [["https://down.example", down]] as const;
    const f = createRemoteFetcher({ remap: rules, failureTtlMs: 30_000, now: () => now });
    const first = await failure(f.bytes("https://down.example/a"));
    expect(first).toBeInstanceOf(RemoteUnreachableError);
    now += 10_000;
    const second = await failure(f.bytes("https://down.example/b", { what: "feature f" }));
    expect(second).toBeInstanceOf(RemoteUnreachableError);
    expect(second.status).toBe(503);
    expect(String(second.body.detail)).toContain("failed 10 s ago");
    expect(String(second.body.detail)).toContain("not retried for another 20 s");
    expect(second.body.what).toBe("feature f");
    now += 20_001;
    const third = await failure(f.bytes("https://down.example/c"));
    expect(String(third.body.detail)).not.toContain("ago");
  });

  test("a host that does not answer costs one budget, then fails without a connection; it expires", async () => {
    let now = 5_000_000;
    const slow = await startFaultHost({ faults: { "/hang": { kind: "hang" } }, files: { "/ok": "fine" } });
    try {
      const f = createRemoteFetcher({ remap: [slow.remapFrom(DATA)], failureTtlMs: 30_000, now: () => now });
      const first = await failure(f.bytes(`${DATA}/hang`, { timeoutMs: 1000 }));
      expect(first).toBeInstanceOf(RemoteTimeoutError);
      expect(first.status).toBe(504);
      const t0 = performance.now();
      const second = await failure(f.bytes(`${DATA}/ok`));
      expect(performance.now() - t0).toBeLessThan(100);
      expect(second).toBeInstanceOf(RemoteUnreachableError);
      expect(String(second.body.detail)).toContain("no answer within 1000 ms");
      expect(slow.hits("/ok")).toBe(0);
      now += 30_000;
      expect(await f.text(`${DATA}/ok`)).toBe("fine");
      expect(slow.hits("/ok")).toBe(1);
    } finally {
      await slow.stop();
    }
  });

  test("a short caller budget that runs out is not blamed on the host", async () => {
    const slow = await startFaultHost({
      faults: { "/slow": { kind: "slow", delayMs: 500 } },
      files: { "/ok": "fine" },
    });
    try {
      const f = createRemoteFetcher({ remap: [slow.remapFrom(DATA)], failureTtlMs: 30_000 });
      expect(await failure(f.bytes(`${DATA}/slow`, { timeoutMs: 100 }))).toBeInstanceOf(RemoteTimeoutError);
      expect(await f.text(`${DATA}/ok`)).toBe("fine");
    } finally {
      await slow.stop();
    }
  });

  test("error statuses are not outages: a 404 is asked again", async () => {
    const h = await startFaultHost({ faults: { "/gone": { kind: "status", status: 404 } } });
    try {
      const f = createRemoteFetcher({ remap: [h.remapFrom(DATA)], failureTtlMs: 30_000 });
      for (let i = 0; i < 3; i++) expect((await failure(f.bytes(`${DATA}/gone`))).status).toBe(502);
      expect(h.hits("/gone")).toBe(3);
    } finally {
      await h.stop();
    }
  });
});

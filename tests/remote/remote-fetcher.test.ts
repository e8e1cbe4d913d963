import { afterAll, describe, expect, test } from "bun:test";
import { UnavailableError } from "../../src/errors.ts";
import { createRemoteFetcher, parseRemapRules, remapUrl, RemoteUnavailableError } from "../../src/lib/remote.ts";
import { closedOrigin, serveFixture, serveHanging } from "./fixture-server.ts";

describe("remap rules", () => {
  test("parses newline-separated from::to lines, ignoring blanks", () => {
    expect(parseRemapRules("https://a.example::http://127.0.0.1:1\n\n  https://b::http://c  \n")).toEqual([
      ["https://a.example", "http://127.0.0.1:1"],
      ["https://b", "http://c"],
    ]);
    expect(parseRemapRules(undefined)).toEqual([]);
    expect(() => parseRemapRules("no-separator")).toThrow("SIIBRA_API_REMAP_PROVIDERS");
  });

  test("replaces substrings in order, all occurrences", () => {
    const rules = parseRemapRules("https://x.org::http://local\nlocal::127.0.0.1");
    expect(remapUrl("https://x.org/a?u=https://x.org", rules)).toBe("http://127.0.0.1/a?u=http://127.0.0.1");
    expect(remapUrl("https://other/x", rules)).toBe("https://other/x");
  });
});

describe("RemoteFetcher", () => {
  let seenAgent = "";
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      seenAgent = req.headers.get("user-agent") ?? "";
      const path = new URL(req.url).pathname;
      if (path === "/ok.json") return Response.json({ a: 1 });
      if (path === "/text") return new Response("not json");
      return new Response("nope", { status: 404 });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  const fetcher = createRemoteFetcher({
    remap: [["https://remote.example", origin]],
    userAgent: "siibra-edge-test/1",
    timeoutMs: 2000,
  });
  afterAll(() => server.stop(true));

  test("remaps, sends the User-Agent, parses JSON", async () => {
    expect(await fetcher.json("https://remote.example/ok.json")).toEqual({ a: 1 });
    expect(seenAgent).toBe("siibra-edge-test/1");
  });

  test("non-2xx is an UnavailableError carrying the status and both URLs", async () => {
    const err = await fetcher.bytes("https://remote.example/missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    const e = err as RemoteUnavailableError;
    expect([e.kind, e.httpStatus, e.status]).toEqual(["http", 404, 502]);
    expect(e.url).toBe(`https://remote.example/missing (→ ${origin}/missing)`);
  });

  test("a body that is not JSON is an UnavailableError", async () => {
    const err = await fetcher.json("https://remote.example/text").catch((e: unknown) => e);
    expect((err as RemoteUnavailableError).kind).toBe("body");
  });

  test("connection refused is an UnavailableError of kind network", async () => {
    const err = await createRemoteFetcher()
      .bytes(`${closedOrigin()}/x`)
      .catch((e: unknown) => e);
    expect((err as RemoteUnavailableError).kind).toBe("network");
  });

  test("the timeout is honoured", async () => {
    const hanging = serveHanging();
    try {
      const t0 = performance.now();
      const err = await createRemoteFetcher({ timeoutMs: 5000 })
        .bytes(`${hanging.origin}/slow`, { timeoutMs: 300 })
        .catch((e: unknown) => e);
      const elapsed = performance.now() - t0;
      expect((err as RemoteUnavailableError).kind).toBe("timeout");
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      hanging.stop();
    }
  });

  test("the timeout also bounds a body that stalls after the headers", async () => {
    const stalling = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      idleTimeout: 0,
      fetch: () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")) })),
    });
    try {
      const t0 = performance.now();
      const err = await createRemoteFetcher()
        .json(`http://127.0.0.1:${stalling.port}/`, { timeoutMs: 300 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteUnavailableError);
      expect(performance.now() - t0).toBeLessThan(2000);
    } finally {
      stalling.stop(true);
    }
  });

  test("serveFixture helper counts hits", async () => {
    const fx = serveFixture({ "/a": { body: "x" } });
    try {
      expect(await createRemoteFetcher().text(`${fx.origin}/a`)).toBe("x");
      expect(fx.hitsFor("/a")).toBe(1);
    } finally {
      fx.stop();
    }
  });
});

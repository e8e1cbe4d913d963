/**
 * Property: whatever URL a caller passes (an id or parameter may carry one), the fetcher only ever
 * calls `fetch` for a host on the allow-list; everything else is a 400 before any connection.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { buildAllowList } from "../../src/lib/host-allow-list.ts";
import { createRemoteFetcher, HostNotAllowedError } from "../../src/lib/remote.ts";

const ALLOWED = new Set(["data.example", "mirror.test:8443"]);

function spyFetcher() {
  const called: string[] = [];
  const fetchImpl = (async (input: string | URL | Request) => {
    called.push(String(input));
    return new Response("ok");
  }) as typeof fetch;
  const remap = [["https://data.example/mirrored/", "https://mirror.test:8443/m/"]] as const;
  const allow = buildAllowList({ hosts: ["data.example"], remap });
  return { called, fetcher: createRemoteFetcher({ remap, allow, fetchImpl, failureTtlMs: 0 }) };
}

/** URL-ish strings: real URLs plus the classic confusions (userinfo, fragments, backslashes, encodings). */
const tricky = fc.constantFrom(
  "https://data.example@evil.example/x",
  "https://evil.example#@data.example/x",
  "https://evil.example\\@data.example/x",
  "https://evil.example?.data.example/x",
  "https://data.example.evil.example/x",
  "https://evil.example/https://data.example/x",
  "https://DATA.example/x",
  "https://data.example:443/x",
  "https://data.example:8080/x",
  "http://[::1]/x",
  "http://127.0.0.1/x",
  "http://2130706433/x",
  "https://xn--dta-fka.example/x",
  "https://dаta.example/x",
  "//data.example/x",
  "data.example/x",
  "https:data.example/x",
  "https://%64ata.example/x",
  "https://data.example/mirrored/file",
  "ws://data.example/x",
);
const urls = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), tricky, fc.string());

describe("allow-list property", () => {
  test("fetch is called only for allowed hosts; the rest are 400s without a call", async () => {
    await fc.assert(
      fc.asyncProperty(urls, async (url) => {
        const { called, fetcher } = spyFetcher();
        const outcome = await fetcher.bytes(url).then(
          () => "fetched",
          (e: unknown) => e,
        );
        for (const u of called) expect(ALLOWED.has(new URL(u).host)).toBe(true);
        if (outcome !== "fetched") {
          expect(outcome).toBeInstanceOf(HostNotAllowedError);
          expect(called).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("the tricky cases that do name an allowed host are fetched from it, nothing else is", async () => {
    const { called, fetcher } = spyFetcher();
    await fetcher.bytes("https://DATA.example/x");
    await fetcher.bytes("https://data.example:443/x");
    await fetcher.bytes("https://data.example/mirrored/file");
    expect(called).toEqual(["https://data.example/x", "https://data.example/x", "https://mirror.test:8443/m/file"]);
    for (const url of [
      "https://data.example@evil.example/x",
      "https://evil.example#@data.example/x",
      "http://2130706433/x",
    ]) {
      expect(await fetcher.bytes(url).catch((e: unknown) => e)).toBeInstanceOf(HostNotAllowedError);
    }
    expect(called.length).toBe(3);
  });
});

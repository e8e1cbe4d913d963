/**
 * Cache classes as the routes declare them, read through the app's own route table (the table the
 * app and the Workers edge cache derive at start-up), with upstream's request-wide rules on top.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { HttpCachePolicy } from "../../../src/http/caching/http-cache-policy.ts";
import { etagEpoch, ifNoneMatchHits } from "../../../src/http/caching/etag.ts";
import type { HttpCacheConfig } from "../../../src/http/caching/http-cache-config.ts";
import { testApp } from "../../_support/app.ts";

const { routes } = await testApp();

/** What the HTTP caching layer decides for a request: the matched route's policy, then the headers' rules. */
function decide(policy: HttpCachePolicy, url: string, init?: RequestInit) {
  const request = new Request(url, init);
  const { target, policy: route } = routes.resolve(request);
  return policy.decide(request, target, route);
}

const anyPolicy = new HttpCachePolicy(
  {
    enabled: true,
    maxAgeSeconds: { metadata: 1, files: 1, live: 0 },
    staleWhileRevalidateSeconds: 0,
    etagEpochSeconds: 0,
  },
  "v",
  "d",
);

/** The decision for a decoded path (encoded here as a client would send it) and raw query. */
function ruleOf(path: string, query = "", method = "GET", hasAuthorization = false) {
  const headers: Record<string, string> = hasAuthorization ? { authorization: "Bearer t" } : {};
  const decision = decide(anyPolicy, `http://x${encodeURI(path)}${query ? `?${query}` : ""}`, { method, headers });
  if (!decision) throw new Error("HTTP caching is enabled here");
  return decision;
}

const classOf = (path: string, query = "", method = "GET", hasAuthorization = false) =>
  ruleOf(path, query, method, hasAuthorization).cacheClass;

describe("cache classes declared by the routes", () => {
  test("files: map volumes, resampled templates, feature downloads", () => {
    for (const path of [
      "/v3_0/map/statistical_map.nii.gz",
      "/v3_0/map/labelled_map.nii.gz",
      "/v3_0/map/resampled_template",
      "/v3_0/feature/some-id--abc/download",
      "/v3_0/feature/a/b/c/download",
    ])
      expect({ path, c: classOf(path, "parcellation_id=x") }).toEqual({ path, c: "files" });
  });

  test("live: live-query classes and ids, region feature lists, any bbox= query", () => {
    expect(classOf("/v3_0/feature/GeneExpressions", "gene=MAOA")).toBe("live");
    expect(classOf("/v3_0/feature/GeneExpressions/lq0::GeneExpressions::p:x")).toBe("live");
    expect(classOf("/v3_0/feature/EbrainsDataFeature")).toBe("live");
    expect(classOf("/v3_0/feature/lq0::GeneExpressions::p:x::r:y::z")).toBe("live");
    expect(classOf("/v3_0/feature/lq0::GeneExpressions::p:x/plotly")).toBe("live");
    expect(classOf("/v3_0/regions/Area 44 (IFG)/features", "parcellation_id=x")).toBe("live");
    expect(classOf("/v3_0/feature/Image", "space_id=x&bbox=%5B%5D")).toBe("live");
    expect(classOf("/v3_0/map/statistical_map.nii.gz", "bbox=1")).toBe("live");
  });

  test("volatile and uncacheable: tasks, readiness, metrics, other methods, Authorization", () => {
    expect(classOf("/v3_0/atlas_download", "space_id=x&bbox=1")).toBe("volatile");
    expect(classOf("/v3_0/atlas_download/1234")).toBe("volatile");
    expect(classOf("/v3_0/atlas_download/1234/download")).toBe("volatile");
    expect(classOf("/ready")).toBe("volatile");
    expect(classOf("/metrics")).toBe("uncacheable");
    expect(classOf("/_jobs/core", "", "POST")).toBe("uncacheable");
    expect(classOf("/v3_0/atlases", "", "GET", true)).toBe("uncacheable");
  });

  test("metadata: everything else, including detail routes, plots, find= and unknown paths", () => {
    for (const [path, query] of [
      ["/v3_0/atlases", ""],
      ["/v3_0/regions/Area 44 (IFG)/related", "parcellation_id=x"],
      ["/v3_0/regions", "parcellation_id=x&find=hoc1"],
      ["/v3_0/feature/Tabular/abc--def", ""],
      ["/v3_0/feature/abc--def/plotly", ""],
      ["/v3_0/map/statistical_map.info.json", ""],
      ["/v3_0/map/assign", "point=1,2,3"],
      ["/v3_0/no/such/route", ""],
      ["/about", ""],
    ])
      expect({ path, c: classOf(path, query) }).toEqual({ path, c: "metadata" });
    expect(ruleOf("/v3_0/openapi.json").varyAccept).toBe(false);
    expect(ruleOf("/v3_0/atlases").varyAccept).toBe(true);
  });
});

describe("ETag validators", () => {
  const config: HttpCacheConfig = {
    enabled: true,
    maxAgeSeconds: { metadata: 3600, files: 604800, live: 0 },
    staleWhileRevalidateSeconds: 0,
    etagEpochSeconds: 86_400,
  };

  test("If-None-Match: weak comparison, lists, no `*`", () => {
    expect(ifNoneMatchHits('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits(' "b" , W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b"', '"a"')).toBe(false);
    expect(ifNoneMatchHits("*", '"a"')).toBe(false);
    expect(ifNoneMatchHits(null, '"a"')).toBe(false);
  });

  test("ETags are stable within an epoch and rotate at its end (answers built while the KG was down heal)", () => {
    const day = 86_400_000;
    let now = 20_000 * day + 1000;
    const policy = new HttpCachePolicy(config, "0.3.35", "cfg", () => now);
    const etag = () => decide(policy, "http://x/v3_0/atlases")?.etag;
    const first = etag();
    now += day - 2000;
    expect(etag()).toBe(first);
    now += 1000;
    expect(etag()).not.toBe(first);
    expect(etagEpoch(now, 0)).toBe(0);
  });

  test("the ETag follows the response-cache key: decoded path, raw query, versions", () => {
    const policy = new HttpCachePolicy(config, "0.3.35", "cfg", () => 0);
    const etag = (url: string, p = policy) => decide(p, url)?.etag;
    // Same decoded path: same answer, same validator (as the response cache shares the entry).
    expect(etag("http://x/v3_0/atlases/juelich%2Fiav")).toBe(etag("http://x/v3_0/atlases/juelich/iav"));
    expect(etag("http://x/v3_0/spaces?page=2")).not.toBe(etag("http://x/v3_0/spaces?page=3"));
    expect(etag("http://x/v3_0/spaces")).not.toBe(
      etag("http://x/v3_0/spaces", new HttpCachePolicy(config, "0.3.36", "cfg", () => 0)),
    );
    expect(etag("http://x/v3_0/spaces")).not.toBe(
      etag("http://x/v3_0/spaces", new HttpCachePolicy(config, "0.3.35", "cfg2", () => 0)),
    );
  });
});

describe("shared-cache headers never reach uncacheable requests (property)", () => {
  const config: HttpCacheConfig = {
    enabled: true,
    maxAgeSeconds: { metadata: 3600, files: 604800, live: 0 },
    staleWhileRevalidateSeconds: 86_400,
    etagEpochSeconds: 86_400,
  };
  const policy = new HttpCachePolicy(config, "0.3.35", "cfg");
  const segment = fc.stringMatching(/^[A-Za-z0-9 ._:%()-]{1,12}$/);
  const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/v3_0/${parts.join("/")}`);
  const query = fc.array(fc.tuple(fc.constantFrom("page", "find", "space_id", "x"), segment), { maxLength: 3 });

  test("bbox= queries, Authorization and other methods: never public, never an ETag, never 304", () => {
    fc.assert(
      fc.property(
        path,
        query,
        fc.constantFrom("bbox", "auth", "post"),
        fc.constantFrom(200, 404),
        (p, q, kind, status) => {
          const pairs = kind === "bbox" ? [...q, ["bbox", "[1,2]"]] : q;
          const url = `http://x${encodeURI(p)}?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
          const headers: Record<string, string> = { "if-none-match": "*" };
          if (kind === "auth") headers.authorization = "Bearer t";
          const decision = decide(policy, url, { method: kind === "post" ? "POST" : "GET", headers });
          if (!decision) return false;
          const out = policy.headersFor(decision, status, "application/json");
          return (
            !decision.notModified && decision.etag === null && !out["cache-control"].includes("public") && !out.etag
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

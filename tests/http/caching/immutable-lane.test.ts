import { describe, expect, test } from "bun:test";
import { PatternRouter } from "hono/router/pattern-router";
import { MemoRouter } from "../../../src/http/request/memo-router.ts";
import { testApp } from "../../_support/app.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const path = `/v3_0/parcellations/${encodeURIComponent(JBA31)}`;

describe("immutable answers kept (response cache off)", () => {
  test("a repeated core request answers the same bytes, headers and metrics route", async () => {
    const { app } = await testApp({ env: { SIIBRA_API_CACHE: "none" } });
    const first = await app.request(path);
    const second = await app.request(path);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(await first.text());
    for (const name of ["x-siibra-api-version", "access-control-allow-origin", "content-type"]) {
      expect(second.headers.get(name)).toBe(first.headers.get(name));
    }
    expect(second.headers.get("x-fastapi-cache")).toBeNull();
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toMatch(/route="\/v3_0\/parcellations\/:parcellation_id\{\.\+\}"[^\n]*status="200"[^\n]* 2\n/);
  });

  test("snippets and errors are not served from it", async () => {
    const { app } = await testApp({ env: { SIIBRA_API_CACHE: "none" } });
    await app.request(path);
    const snippet = await app.request(path, { headers: { accept: "text/x-sapi-python" } });
    expect(await snippet.text()).toStartWith("args=");
    const missing = "/v3_0/parcellations/nothing-like-this";
    expect((await app.request(missing)).status).toBe(404);
    expect((await app.request(missing)).status).toBe(404);
  });
});

describe("MemoRouter", () => {
  test("answers like its inner router, remembers per path, forgets when routes are added", () => {
    // Bytes for two short paths (an entry weighs 4 bytes per key character plus 256).
    const router = new MemoRouter<string>(new PatternRouter<string>(), 700);
    router.add("GET", "/a/:id{.+}/related", "related");
    router.add("GET", "/a/:id{.+}", "get");
    const r1 = router.match("GET", "/a/x/y/related");
    expect(r1[0].map(([h, p]) => [h, p.id])).toEqual([
      ["related", "x/y"],
      ["get", "x/y/related"],
    ]);
    expect(router.match("GET", "/a/x/y/related")).toBe(r1);
    router.match("GET", "/a/1");
    router.match("GET", "/a/2");
    expect(router.match("GET", "/a/x/y/related")).not.toBe(r1); // evicted (room for two)
    router.add("GET", "/b", "b");
    expect(router.match("GET", "/b")[0].map(([h]) => h)).toEqual(["b"]);
  });
});

describe("immutable answers replayed whole (response cache off)", () => {
  const headersOf = (res: Response) => [...res.headers.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

  test("a repeat gets the first answer's body and every header, and counts in the route's metrics", async () => {
    const { app } = await testApp({ env: { SIIBRA_API_CACHE: "none" } });
    const first = await app.request(path);
    const firstBody = await first.text();
    for (let i = 0; i < 2; i++) {
      const again = await app.request(path);
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(firstBody);
      expect(headersOf(again)).toEqual(headersOf(first));
    }
    expect(first.headers.get("etag")).toBeString();
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toMatch(/route="\/v3_0\/parcellations\/:parcellation_id\{\.\+\}"[^\n]*status="200"[^\n]* 3\n/);
  });

  test("validators, bypasses, snippets and HEAD still take the layers", async () => {
    const { app } = await testApp({ env: { SIIBRA_API_CACHE: "none" } });
    const first = await app.request(path);
    await app.request(path);
    const etag = first.headers.get("etag") ?? "";
    expect((await app.request(path, { headers: { "if-none-match": etag } })).status).toBe(304);
    const bypass = await app.request(path, { headers: { "cache-control": "no-cache" } });
    expect(bypass.status).toBe(200);
    expect(await bypass.text()).toBe(await first.text());
    const snippet = await app.request(path, { headers: { accept: "text/x-sapi-python" } });
    expect(await snippet.text()).toStartWith("args=");
    expect((await app.request(path, { method: "HEAD" })).status).toBe(405);
  });
});

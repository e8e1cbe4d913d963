import { describe, expect, test } from "bun:test";
import { testApp } from "../_support/app.ts";

const { app } = await testApp();

describe("service routes and cross-cutting behaviour", () => {
  test("/ready is a JSON string and never cached; /about reports the served version", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await app.request("/ready");
      expect(await res.json()).toBe("ready");
      expect(res.headers.get("x-fastapi-cache")).toBeNull();
    }
    const about = (await (await app.request("/about")).json()) as { name: string; version: string };
    expect([about.name, about.version]).toEqual(["siibra-api", "0.3.35"]);
  });

  test("every response carries the version header and CORS exposing it, errors included", async () => {
    for (const path of ["/v3_0/atlases", "/v3_0/atlases/nope", "/no/such/route", "/v3_0/atlases?size=0"]) {
      const res = await app.request(path);
      expect(res.headers.get("x-siibra-api-version")).toBe("0.3.35");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-expose-headers")).toBe("x-siibra-api-version");
    }
  });

  test("CORS preflights: GET with safelisted headers only, like upstream's CORS layer", async () => {
    const preflight = (method: string, headers = "") =>
      app.request("/v3_0/atlases", {
        method: "OPTIONS",
        headers: {
          origin: "https://atlases.ebrains.eu",
          "access-control-request-method": method,
          "access-control-request-headers": headers,
        },
      });
    const ok = await preflight("GET", "accept");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-methods")).toBe("GET");
    expect(ok.headers.get("access-control-max-age")).toBe("600");
    expect((await preflight("POST")).status).toBe(400);
    expect((await preflight("GET", "x-bypass-fastapi-cache")).status).toBe(400);
  });

  test("the response cache answers repeated GETs with the hit header and the same bytes", async () => {
    const path = "/v3_0/spaces?size=2";
    const first = await app.request(path);
    const second = await app.request(path);
    expect(second.headers.get("x-fastapi-cache")).toBe("hit");
    expect(await second.text()).toBe(await first.text());
    const bypass = await app.request(path, { headers: { "cache-control": "no-cache" } });
    expect(bypass.headers.get("x-fastapi-cache")).toBeNull();
  });

  test("/metrics is Prometheus text with requests by route and status, and cache counters", async () => {
    await app.request("/v3_0/atlases/juelich/iav/atlas/v1.0.0/1");
    await app.request("/v3_0/atlases/juelich/iav/atlas/v1.0.0/1");
    const res = await app.request("/metrics");
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE siibra_http_requests_total counter");
    expect(text).toMatch(
      /siibra_http_requests_total\{route="\/v3_0\/atlases\/:atlas_id\{\.\+\}",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(/siibra_http_request_duration_seconds_bucket\{route="[^"]+",le="\+Inf"\} \d+/);
    expect(text).toMatch(/siibra_cache_requests_total\{result="hit"\} \d+/);
  });
});

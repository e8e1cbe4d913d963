import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { answerOf, decodeOutcome, encodeOutcome, outcomeOf } from "../../src/transport/outcome.ts";
import { jobResponse } from "../../src/http/response/job-response.ts";
import { FileBody } from "../../src/lib/file-body.ts";

const bytes = () => Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

describe("FileBody job results", () => {
  test("a route sends the bytes with their media type and headers", async () => {
    const app = new Hono().get("/f", (c) =>
      jobResponse(c, new FileBody(bytes(), "application/zip", { "content-disposition": "attachment; filename=a.zip" })),
    );
    const res = await app.request("/f");
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe("attachment; filename=a.zip");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes());
  });

  test("the queue outcome round-trips the same bytes through its stored form", () => {
    const stored = decodeOutcome(encodeOutcome(outcomeOf(new FileBody(bytes(), "application/gzip", { a: "b" }))));
    const back = answerOf(stored);
    expect(back).toBeInstanceOf(FileBody);
    const file = back as FileBody;
    expect(file.bytes).toEqual(bytes());
    expect(file.contentType).toBe("application/gzip");
    expect(file.headers).toEqual({ a: "b" });
    expect(file.partial).toBe(false);
  });

  test("a file built around a failed source is sent whole but never stored by a cache on the way", async () => {
    const app = new Hono()
      .get("/whole", (c) => jobResponse(c, new FileBody(bytes(), "application/gzip")))
      .get("/partial", (c) => jobResponse(c, new FileBody(bytes(), "application/gzip", {}, true)));
    const partial = await app.request("/partial");
    expect(partial.headers.get("cache-control")).toBe("no-store");
    expect(new Uint8Array(await partial.arrayBuffer())).toEqual(bytes());
    expect((await app.request("/whole")).headers.get("cache-control")).toBeNull();
  });

  test("a file never hides inside a JSON body", () => {
    expect(() => JSON.stringify({ x: new FileBody(bytes(), "x/y") })).toThrow(TypeError);
  });
});

/** The request target, split by hand as upstream's cache keys need it (decoded path, raw query). */
import { expect, test } from "bun:test";
import { RequestTarget } from "../../../src/http/request/request-target.ts";

const parts = (url: string) => {
  const t = new RequestTarget(url);
  return { target: t.target, rawPath: t.rawPath, query: t.query, path: t.path };
};

test("path as sent, decoded path, raw query without `?`", () => {
  expect(parts("http://h/v3_0/regions/PGa%20left?parcellation_id=a%2Fb")).toEqual({
    target: "/v3_0/regions/PGa%20left?parcellation_id=a%2Fb",
    rawPath: "/v3_0/regions/PGa%20left",
    query: "parcellation_id=a%2Fb",
    path: "/v3_0/regions/PGa left",
  });
});

test("a malformed escape keeps the raw path; no path is `/`; a fragment is not part of the target", () => {
  expect(parts("http://h/v3_0/regions/a%E0%A4%A").path).toBe("/v3_0/regions/a%E0%A4%A");
  expect(parts("http://h")).toEqual({ target: "/", rawPath: "/", query: "", path: "/" });
  expect(parts("http://h/a?x=1#frag")).toMatchObject({ target: "/a?x=1", query: "x=1" });
  // An empty query is still a different target (the immutable layers key by it), with no query.
  expect(parts("http://h/a?")).toMatchObject({ target: "/a?", rawPath: "/a", query: "" });
});

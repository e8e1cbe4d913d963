import { describe, expect, test } from "bun:test";
import { getJson, testApp } from "../_support/app.ts";

const { app } = await testApp();
const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const MNI152 = encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");

type Envelope = { error: boolean; status_code: number; message: string };

/** Every error is upstream's envelope: a JSON `message` string carrying `detail` (what the client shows). */
async function expectEnvelope(path: string, status: number) {
  const res = await getJson(app, path);
  expect(res.status).toBe(status);
  const env = res.body as Envelope;
  expect(Object.keys(env)).toEqual(["error", "status_code", "message"]);
  expect(env.error).toBe(true);
  expect(env.status_code).toBe(status);
  const inner = JSON.parse(env.message) as { detail: unknown };
  expect(inner.detail).toBeDefined();
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  expect(res.headers.get("x-siibra-api-version")).toBe("0.3.35");
  return inner;
}

describe("error statuses and envelopes", () => {
  test("unknown ids are 404", async () => {
    await expectEnvelope("/v3_0/atlases/doesnotexist", 404);
    await expectEnvelope("/v3_0/spaces/doesnotexist", 404);
    await expectEnvelope("/v3_0/parcellations/doesnotexist", 404);
    await expectEnvelope(`/v3_0/regions/doesnotexist?parcellation_id=${JBA31}`, 404);
    await expectEnvelope("/v3_0/maps/doesnotexist", 404);
    await expectEnvelope(`/v3_0/map?parcellation_id=${JBA31}&space_id=doesnotexist&map_type=LABELLED`, 404);
    await expectEnvelope(`/v3_0/regions/hoc1/related?parcellation_id=doesnotexist`, 404);
    await expectEnvelope("/v3_0/nothing/here", 404);
  });

  test("a map missing for a valid parcellation/space pair is 404 with a plain detail", async () => {
    const BIGBRAIN = encodeURIComponent("minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588");
    const inner = await expectEnvelope(
      `/v3_0/map?parcellation_id=${JBA31}&space_id=${BIGBRAIN}&map_type=LABELLED`,
      404,
    );
    expect(typeof inner.detail).toBe("string");
  });

  test("an ambiguous region spec is 400 and lists the candidates", async () => {
    const inner = await expectEnvelope(`/v3_0/regions/1?parcellation_id=${JBA31}`, 400);
    expect(String(inner.detail)).toContain("resulted in multiple matches");
  });

  test("a regex spec resolves like siibra (both hOc1/hOc2 children match → parent promoted)", async () => {
    const res = await getJson(app, `/v3_0/regions/${encodeURIComponent("/hOc[12]/")}?parcellation_id=${JBA31}`);
    expect(res.status).toBe(200);
    expect((res.body as { name: string }).name).toBe("occipital cortex");
  });

  test("validation failures are 422 in pydantic-v1 form", async () => {
    const size = await expectEnvelope("/v3_0/atlases?size=101", 422);
    expect(size.detail).toEqual([
      {
        loc: ["query", "size"],
        msg: "ensure this value is less than or equal to 100",
        type: "value_error.number.not_le",
        ctx: { limit_value: 100 },
      },
    ]);
    const page = await expectEnvelope("/v3_0/atlases?page=0", 422);
    expect(page.detail).toEqual([
      {
        loc: ["query", "page"],
        msg: "ensure this value is greater than or equal to 1",
        type: "value_error.number.not_ge",
        ctx: { limit_value: 1 },
      },
    ]);
    const notInt = await expectEnvelope("/v3_0/atlases?page=two", 422);
    expect(notInt.detail).toEqual([
      { loc: ["query", "page"], msg: "value is not a valid integer", type: "type_error.integer" },
    ]);
    const missing = await expectEnvelope(`/v3_0/map?space_id=${MNI152}`, 422);
    expect((missing.detail as { loc: string[] }[]).map((d) => d.loc[1])).toEqual(["parcellation_id", "map_type"]);
    const badEnum = await expectEnvelope(`/v3_0/map?parcellation_id=${JBA31}&space_id=${MNI152}&map_type=FOO`, 422);
    expect(badEnum.detail).toEqual([
      {
        loc: ["query", "map_type"],
        msg: "value is not a valid enumeration member; permitted: 'LABELLED', 'STATISTICAL'",
        type: "type_error.enum",
        ctx: { enum_values: ["LABELLED", "STATISTICAL"] },
      },
    ]);
  });

  test("malformed percent-encoding and very long ids never give a 500", async () => {
    await expectEnvelope("/v3_0/atlases/%E0%A4%A", 404);
    await expectEnvelope(`/v3_0/regions/%ZZ%?parcellation_id=${JBA31}`, 404);
    await expectEnvelope(`/v3_0/parcellations/${"a/".repeat(5000)}b`, 404);
    await expectEnvelope(`/v3_0/regions/${"x".repeat(20000)}?parcellation_id=${JBA31}`, 404);
  });

  test("methods other than GET are 405, as upstream", async () => {
    for (const method of ["POST", "HEAD", "DELETE"]) {
      const res = await app.request("/v3_0/atlases", { method });
      expect(res.status).toBe(405);
    }
  });
});

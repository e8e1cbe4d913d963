import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { Admission } from "../../jobs/admission.ts";
import { admission } from "../../src/http/admission.ts";
import { classOf } from "../../src/http/classes.ts";
import { testApp } from "../_support/app.ts";

describe("classOf", () => {
  const JBA = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
  test.each([
    ["/v3_0/atlases", "", "critical"],
    [`/v3_0/parcellations/${JBA}`, "", "critical"],
    ["/v3_0/regions", `parcellation_id=${JBA}&page=3`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)", `parcellation_id=${JBA}`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)", `parcellation_id=${JBA}&space_id=mni`, "interactive"],
    ["/v3_0/regions/Area 44 (IFG)/related", `parcellation_id=${JBA}&space_id=mni`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)/features", `parcellation_id=${JBA}`, "interactive"],
    ["/v3_0/map", "map_type=LABELLED", "critical"],
    ["/v3_0/map/assign", "point=1mm,2mm,3mm", "interactive"],
    ["/v3_0/map/statistical_map.nii.gz", "", "files"],
    ["/v3_0/map/statistical_map.info.json", "", "files"],
    ["/v3_0/map/resampled_template", "", "files"],
    ["/v3_0/feature/_types", "", "critical"],
    ["/v3_0/feature/Tabular", "parcellation_id=x", "interactive"],
    ["/v3_0/feature/Image", "bbox=x", "interactive"],
    ["/v3_0/feature/cf0::a--b", "", "detail"],
    ["/v3_0/feature/Tabular/cf0::a--b", "", "detail"],
    ["/v3_0/feature/cf0::a--b/plotly", "template=plotly", "detail"],
    ["/v3_0/feature/https://a/b::c/download", "", "files"],
    ["/v3_0/atlas_download", "parcellation_id=x", "compounds"],
    ["/v3_0/atlas_download/abc", "", "critical"],
    ["/v3_0/atlas_download/abc/download", "", "files"],
    ["/v3_0/vocabularies/genes", "find=GABA", "critical"],
    ["/ready", "", "critical"],
  ])("%s?%s → %s", (path, query, expected) => {
    expect(classOf(path, query) as string).toBe(expected);
  });
});

describe("admission middleware", () => {
  test("a saturated class gets the 503 envelope with Retry-After; critical routes still answer", async () => {
    const control = new Admission(
      {
        critical: {
          weight: 10,
          concurrency: Number.POSITIVE_INFINITY,
          queue: Number.POSITIVE_INFINITY,
          retryAfterSeconds: 1,
        },
        files: { weight: 1, concurrency: 1, queue: 0, retryAfterSeconds: 5 },
      },
      4,
    );
    const shed: string[] = [];
    let finish = () => {};
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const app = new Hono()
      .use(admission(control, (lane) => shed.push(lane)))
      .get("/v3_0/map/resampled_template", async (c) => {
        await gate;
        return c.text("file");
      })
      .get("/v3_0/atlases", (c) => c.json([]));
    const first = app.request("/v3_0/map/resampled_template");
    await Bun.sleep(0);
    const second = await app.request("/v3_0/map/resampled_template");
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("5");
    const envelope = (await second.json()) as { error: boolean; status_code: number; message: string };
    expect(envelope).toMatchObject({ error: true, status_code: 503 });
    expect(JSON.parse(envelope.message).detail).toMatch(/overloaded/);
    expect((await app.request("/v3_0/atlases")).status).toBe(200);
    finish();
    expect((await first).status).toBe(200);
    expect((await app.request("/v3_0/map/resampled_template")).status).toBe(200);
    expect(shed).toEqual(["files"]);
  });

  test("the service mounts it with the configured limits and counts shed requests in /metrics", async () => {
    const { app, services } = await testApp({
      env: { SIIBRA_API_CLASS_CONCURRENCY: "interactive=3,files=1", SIIBRA_API_CLASS_QUEUE: "files=0" },
    });
    const release = await services.admission.acquire("files");
    const res = await app.request("/v3_0/map/resampled_template?source_space_id=x&target_space_id=y");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    release();
    expect(services.admission.snapshot().files).toEqual({ running: 0, waiting: 0 });
    expect(await (await app.request("/metrics")).text()).toContain('siibra_shed_requests_total{class="files"} 1');
  });
});

import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { Admission } from "../../../src/http/admission/lanes.ts";
import { admission } from "../../../src/http/admission/middleware.ts";
import { testApp } from "../../_support/app.ts";
import { ShedError } from "../../../src/errors.ts";
import { envelopeResponse } from "../../../src/http/response/envelope.ts";
import { FileBody } from "../../../src/lib/file-body.ts";
import { routePolicy } from "../../../src/http/request/describe.ts";
import { routeContext } from "../../../src/http/request/route-context.ts";
import { RouteTable } from "../../../src/http/request/route-table.ts";
import type { AppEnv } from "../../../src/http/env.ts";

/** The app's own route table: each route declares its class where it is declared. */
const { routes: appRoutes } = await testApp();

describe("criticality classes declared by the routes", () => {
  const classOf = (path: string, query: string) =>
    appRoutes.resolve(new Request(`http://x${encodeURI(path)}${query ? `?${query}` : ""}`)).policy.lane;
  const JBA_ID = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
  test.each([
    ["/v3_0/atlases", "", "critical"],
    [`/v3_0/parcellations/${JBA_ID}`, "", "critical"],
    ["/v3_0/regions", `parcellation_id=${JBA_ID}&page=3`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)", `parcellation_id=${JBA_ID}`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)", `parcellation_id=${JBA_ID}&space_id=mni`, "interactive"],
    ["/v3_0/regions/Area 44 (IFG)/related", `parcellation_id=${JBA_ID}&space_id=mni`, "critical"],
    ["/v3_0/regions/Area 44 (IFG)/features", `parcellation_id=${JBA_ID}`, "interactive"],
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

const JBA = "minds%2Fcore%2Fparcellationatlas%2Fv1.0.0%2F94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds%2Fcore%2Freferencespace%2Fv1.0.0%2Fdafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

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
    const routes = new RouteTable();
    const app = new Hono<AppEnv>()
      .use(routeContext(routes))
      .use(admission(control, (lane) => shed.push(lane)))
      .get("/v3_0/map/resampled_template", routePolicy({ class: "files", cache: "files" }), async (c) => {
        await c.var.admit?.();
        await gate;
        return c.text("file");
      })
      .get("/v3_0/atlases", routePolicy({ class: "critical", cache: "metadata" }), async (c) => {
        await c.var.admit?.();
        return c.json([]);
      });
    routes.load(app.routes);
    // What app.onError does with a refusal (the envelope itself is checked through the real app below).
    app.onError((err) => {
      if (!(err instanceof ShedError)) throw err;
      const res = envelopeResponse(err.status, err.body);
      res.headers.set("retry-after", String(err.retryAfterSeconds));
      return res;
    });
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
    // Bad input is the client's error first, whatever the load.
    expect((await app.request("/v3_0/map/resampled_template?source_space_id=x")).status).toBe(422);
    const res = await app.request(`/v3_0/map/resampled_template?parcellation_id=${JBA}&space_id=${MNI152}`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    release();
    expect(services.admission.snapshot().files).toEqual({ running: 0, waiting: 0 });
    expect(await (await app.request("/metrics")).text()).toContain('siibra_shed_requests_total{class="files"} 1');
  });

  test("an answer already kept is served while its class is saturated; new work is shed", async () => {
    const { app, services } = await testApp({
      env: { SIIBRA_API_CLASS_CONCURRENCY: "files=1", SIIBRA_API_CLASS_QUEUE: "files=0" },
    });
    const kept = new FileBody(new Uint8Array([1, 2, 3]), "application/octet-stream");
    const ran: string[] = [];
    const inner = services.jobs;
    // The role's runner, with one statistical map already kept (as role all's keep holds it).
    services.jobs = {
      peek: (_job, payload) => ((payload as { region_id?: string }).region_id === "hOc1 left" ? kept : undefined),
      run: (job, payload) => {
        ran.push(job.name);
        return inner.run(job, payload);
      },
      enqueue: (job, payload) => {
        ran.push(job.name);
        return inner.enqueue(job, payload);
      },
    };
    const release = await services.admission.acquire("files");
    const url = (region: string) =>
      `/v3_0/map/statistical_map.nii.gz?parcellation_id=${JBA}&space_id=${MNI152}&region_id=${encodeURIComponent(region)}`;
    const hit = await app.request(url("hOc1 left"));
    expect(hit.status).toBe(200);
    expect([...new Uint8Array(await hit.arrayBuffer())]).toEqual([1, 2, 3]);
    expect((await app.request(url("hOc2 left"))).status).toBe(503);
    expect(ran).toEqual([]);
    release();
    expect(services.admission.snapshot().files).toEqual({ running: 0, waiting: 0 });
  });
});

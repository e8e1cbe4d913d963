import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { createApp } from "../../src/app.ts";
import { composeServices } from "../../src/compose.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { parseEnv } from "../../src/env.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { configFiles, getJson } from "../_support/app.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { BundleFiles } from "../../src/downloads/bundle-files.ts";
import type { JobContext } from "../../jobs/context.ts";

const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const FSAVERAGE = "minds/core/referencespace/v1.0.0/tmp-fsaverage";
const q = encodeURIComponent;

/** Recognisable bytes per part, recording what each part was asked for. */
const calls: string[] = [];
const bytesOf = (text: string) => new TextEncoder().encode(text);
const FILES: BundleFiles<JobContext> = {
  statisticalMap: async (_ctx, r) => {
    calls.push(`stat ${r.parcellationId} ${r.spaceId} ${r.regionId}`);
    return bytesOf(`stat:${r.regionId}`);
  },
  labelledMap: async (_ctx, r) => {
    calls.push(`label ${r.parcellationId} ${r.spaceId}`);
    return bytesOf("labelled");
  },
  template: async (_ctx, r) => {
    calls.push(`template ${r.spaceId} ${JSON.stringify(r.bbox)}`);
    if (r.bbox && r.bbox[0][0] > 1000) throw new Error("bbox lies outside the template");
    return bytesOf("template");
  },
  featureExport: async (_ctx, id) => {
    if (id === "broken") throw new Error("no such feature");
    return bytesOf(`feature:${id}`);
  },
};

/** fsaverage's gii meshes, served by a local host at their configured paths. */
const WHITE = "/precomputed/freesurfer/20210305/fsaverage/fsaverage";
const meshHost = serveFixture({
  [`${WHITE}/lh.white.gii`]: { body: "left white mesh" },
  [`${WHITE}/rh.white.gii`]: { body: "right white mesh" },
});

async function appWith(env: Record<string, string> = {}, files: BundleFiles<JobContext> = FILES) {
  const vars = parseEnv({ SIIBRA_API_LOG: "silent", ...env });
  const remap = [["https://neuroglancer.humanbrainproject.eu", meshHost.origin]] as const;
  const services = composeServices({
    env: vars,
    files: await configFiles(),
    fetcher: createRemoteFetcher({ remap: [...remap] }),
    remap: [...remap],
    datasets: createIdsOnlyDatasetService(),
    kg: { get: async () => null },
    bundleFiles: files,
  });
  return createApp(services);
}
afterAll(() => meshHost.stop());

type App = Awaited<ReturnType<typeof appWith>>;

/** What siibra-explorer does: start, poll until SUCCESS (failing on any status ≥ 400), download. */
async function download(app: App, query: string) {
  const started = await getJson(app, `/v3_0/atlas_download?${query}`);
  expect(started.status).toBe(200);
  const task = started.body as { task_id: string; status: null };
  expect(task.status).toBeNull();
  expect(Object.keys(task)).toEqual(["task_id", "status"]);
  const polls: string[] = [];
  for (let i = 0; i < 200; i++) {
    const poll = await getJson(app, `/v3_0/atlas_download/${task.task_id}`);
    expect(poll.status).toBe(200);
    const status = (poll.body as { status: string }).status;
    polls.push(status);
    if (status === "SUCCESS") break;
    await Bun.sleep(10);
  }
  const res = await app.request(`/v3_0/atlas_download/${task.task_id}/download`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, task, polls, entries: res.status === 200 ? unzipSync(bytes) : {} };
}

const text = (entries: Record<string, Uint8Array>, name: string) => strFromU8(entries[name]);

describe("/v3_0/atlas_download (role all: a task in the process)", () => {
  test("task id → PENDING → SUCCESS → zip with README, LICENCE, maps, template and info files", async () => {
    const app = await appWith();
    calls.length = 0;
    const bbox = "[[-10,-20,-30],[10,20,30]]";
    const { res, task, polls, entries } = await download(
      app,
      `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}&region_id=${q("hOc1 left")}&bbox=${q(bbox)}&feature_id=f-1`,
    );
    expect(polls.at(-1)).toBe("SUCCESS");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="atlas-download-${task.task_id}.zip"`);
    expect(res.headers.get("x-fastapi-cache")).toBeNull();
    expect(Object.keys(entries)).toEqual([
      "export-f-1.zip",
      "README.md",
      "LICENCE.txt",
      "AREA_HOC1_V1_17_CALCS_LEFT.nii.gz",
      "AREA_HOC1_V1_17_CALCS_LEFT.nii.gz.info.md",
      "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz",
      "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz.info.md",
      "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz",
      "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz.info.md",
    ]);
    expect(text(entries, "export-f-1.zip")).toBe("feature:f-1");
    expect(text(entries, "AREA_HOC1_V1_17_CALCS_LEFT.nii.gz")).toBe("stat:Area hOc1 (V1, 17, CalcS) left");
    expect(text(entries, "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz")).toBe("labelled");
    expect(text(entries, "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz")).toBe("template");
    expect(calls).toEqual([
      `stat ${JBA31} ${MNI152} Area hOc1 (V1, 17, CalcS) left`,
      `label ${JBA31} ${MNI152}`,
      `template ${MNI152} [[-10,-20,-30],[10,20,30]]`,
    ]);
    const readme = text(entries, "README.md");
    expect(readme).toStartWith(
      "# Packaged Atlas Data\n\nThis zip is automatically packaged by siibra-api 0.3.35, retrieved on ",
    );
    expect(readme).toMatch(/retrieved on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\./);
    expect(readme).toContain(
      `\`\`\`\nspace_id=${MNI152}, parcellation_id=${JBA31}, region_id=hOc1 left, bbox=${bbox}\n\`\`\``,
    );
    expect(text(entries, "LICENCE.txt")).toBe("Please check the respective `.info.md` regarding licenses of the data.");
    const region = text(entries, "AREA_HOC1_V1_17_CALCS_LEFT.nii.gz.info.md");
    expect(region).toStartWith(
      "name:\n---\n\nStatistical map of Area hOc1 (V1, 17, CalcS) left in MNI 152 ICBM 2009c Nonlinear Asymmetric\n\ndescription:\n---\n\n",
    );
    const parc = text(entries, "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz.info.md");
    const config = (await Bun.file(
      `${import.meta.dir}/../../../shared/siibra-configurations/parcellations/julichbrain_v3_1.json`,
    ).json()) as {
      description: string;
      publications: { citation: string; url?: string }[];
    };
    expect(parc).toStartWith(
      `name:\n---\n\nJulich-Brain Cytoarchitectonic Atlas (v3.1)\n\ndescription:\n---\n\n${config.description}\n\ncitations:\n---\n`,
    );
    const first = config.publications[0];
    expect(parc).toContain(first.url ? `[${first.citation}](${first.url})` : first.citation);
  });

  test("strict_mode keeps only the first of region, parcellation, space", async () => {
    const app = await appWith();
    const { entries } = await download(app, `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}&strict_mode=1`);
    expect(Object.keys(entries)).toEqual([
      "README.md",
      "LICENCE.txt",
      "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz",
      "JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz.info.md",
    ]);
  });

  test("failed parts become <name>.error.txt; the bundle still succeeds", async () => {
    const app = await appWith();
    const { entries, res } = await download(
      app,
      `space_id=${q(MNI152)}&parcellation_id=nonsense-parcellation&region_id=x&feature_id=broken&bbox=${q("[[2000,0,0],[2001,1,1]]")}`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(entries)).toEqual([
      "broken.error.txt",
      "README.md",
      "LICENCE.txt",
      "UNKNOWN_REGION.error.txt",
      "UNKNOWN_REGION.info.md.error.txt",
      "UNKNOWN_PARCELLATION.error.txt",
      "UNKNOWN_PARCELLATION.info.md.error.txt",
      "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz.error.txt",
      "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz.info.md",
    ]);
    expect(text(entries, "broken.error.txt")).toBe("Feature exporting failed: no such feature");
    expect(text(entries, "UNKNOWN_PARCELLATION.error.txt")).toContain("nonsense-parcellation");
    expect(text(entries, "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz.error.txt")).toBe(
      "bbox lies outside the template",
    );
  });

  test("surface templates bundle their gii meshes per variant from the remote host", async () => {
    const app = await appWith();
    const { entries } = await download(app, `space_id=${q(FSAVERAGE)}`);
    const names = Object.keys(entries);
    const root = "FREESURFER_FSAVERAGE";
    expect(names.slice(0, 4)).toEqual([
      "README.md",
      "LICENCE.txt",
      `${root}/white matter/left hemisphere/lh.white.gii`,
      `${root}/white matter/right hemisphere/rh.white.gii`,
    ]);
    expect(text(entries, `${root}/white matter/left hemisphere/lh.white.gii`)).toBe("left white mesh");
    // Files the host does not have become error files in place; the info file names the space key.
    expect(names).toContain(`${root}/pial/left hemisphere/lh.pial.gii.error.txt`);
    expect(text(entries, `${root}/pial/left hemisphere/lh.pial.gii.error.txt`)).toContain("HTTP 404");
    expect(names.at(-1)).toBe(`${root}.info.md`);
    expect(names.filter((n) => n.endsWith(".gii") || n.endsWith(".gii.error.txt"))).toHaveLength(6);
  });

  test("unknown, malformed and finished-but-not-ready task ids", async () => {
    const app = await appWith();
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-task"]) {
      for (const path of [`/v3_0/atlas_download/${id}`, `/v3_0/atlas_download/${id}/download`]) {
        const res = await getJson(app, path);
        expect(res.status).toBe(404);
        expect(JSON.parse((res.body as { message: string }).message)).toEqual({ detail: `Not found ${id}` });
      }
    }
    const bad = await getJson(app, `/v3_0/atlas_download?bbox=${q("[[1,2,3]]")}`);
    expect(bad.status).toBe(400);
  });

  test("with a cache directory the finished zip is a file under <cacheDir>/downloads, served from there", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "atlas-download-"));
    try {
      const app = await appWith({ SIIBRA_CACHEDIR: cacheDir });
      const { res, task, entries } = await download(app, `space_id=${q(MNI152)}`);
      expect(res.status).toBe(200);
      expect(readdirSync(join(cacheDir, "downloads")).sort()).toEqual([`${task.task_id}.json`, `${task.task_id}.zip`]);
      const onDisk = unzipSync(readFileSync(join(cacheDir, "downloads", `${task.task_id}.zip`)));
      expect(Object.keys(onDisk)).toEqual(Object.keys(entries));
      expect(text(onDisk, "MNI_152_ICBM_2009C_NONLINEAR_ASYMMETRIC.nii.gz")).toBe("template");
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test("a bundle that cannot be stored fails the task: polls answer the failure envelope", async () => {
    const app = await appWith({ SIIBRA_API_DOWNLOAD_MEMORY_MB: "0" });
    const started = (await getJson(app, `/v3_0/atlas_download?space_id=${q(MNI152)}`)).body as { task_id: string };
    let last = { status: 0, body: null as unknown };
    for (let i = 0; i < 100; i++) {
      last = await getJson(app, `/v3_0/atlas_download/${started.task_id}`);
      if (last.status !== 200) break;
      await Bun.sleep(10);
    }
    expect(last.status).toBe(500);
    expect((JSON.parse((last.body as { message: string }).message) as { detail: string }).detail).toContain("exceeds");
    expect((await app.request(`/v3_0/atlas_download/${started.task_id}/download`)).status).toBe(500);
  });
});

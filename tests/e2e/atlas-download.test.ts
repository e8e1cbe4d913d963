import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { startStack } from "../../dev/stack/stack.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Stack } from "../../dev/stack/stack.ts";

const JBA31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
const FSAVERAGE = encodeURIComponent("minds/core/referencespace/v1.0.0/tmp-fsaverage");
const WHITE = "/precomputed/freesurfer/20210305/fsaverage/fsaverage";

/** fsaverage's white-matter meshes on a local stand-in for the neuroglancer host (one of 700 kB). */
const meshes = serveFixture({
  [`${WHITE}/lh.white.gii`]: { body: new Uint8Array(700_000).map((_, i) => i % 251) },
  [`${WHITE}/rh.white.gii`]: { body: "right white mesh" },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    workers: 1,
    env: {
      SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
      SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
      SIIBRA_API_LOG: "silent",
      SIIBRA_API_REMAP_PROVIDERS: [
        `https://neuroglancer.humanbrainproject.eu::${meshes.origin}`,
        "https://data-proxy.ebrains.eu::http://127.0.0.1:9",
        "https://jugit.fz-juelich.de::http://127.0.0.1:9",
      ].join("\n"),
    },
  });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  meshes.stop();
});

const compoundsJobs = async (workerUrl: string) => {
  const metrics = await (await fetch(`${workerUrl}/metrics`)).text();
  const m = metrics.match(/^siibra_jobs_total\{[^}]*queue="compounds"[^}]*\} (\d+)$/m);
  return m ? Number(m[1]) : 0;
};

describe("atlas download in role server (QStash → worker → Redis → server)", () => {
  test("task id → polls → zip, built by the worker, chunked through Redis", async () => {
    const before = await compoundsJobs(stack.workerUrls[0]);
    const start = await fetch(`${stack.serverUrl}/v3_0/atlas_download?space_id=${FSAVERAGE}&parcellation_id=${JBA31}`);
    expect(start.status).toBe(200);
    const task = (await start.json()) as { task_id: string; status: null };
    expect(task.status).toBeNull();

    const seen: string[] = [];
    for (let i = 0; i < 300 && seen.at(-1) !== "SUCCESS"; i++) {
      const poll = await fetch(`${stack.serverUrl}/v3_0/atlas_download/${task.task_id}`);
      expect(poll.status).toBe(200);
      seen.push(((await poll.json()) as { status: string }).status);
      if (seen.at(-1) !== "SUCCESS") await Bun.sleep(50);
    }
    expect(seen.at(-1)).toBe("SUCCESS");
    expect(await compoundsJobs(stack.workerUrls[0])).toBe(before + 1);

    const res = await fetch(`${stack.serverUrl}/v3_0/atlas_download/${task.task_id}/download`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="atlas-download-${task.task_id}.zip"`);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(entries);
    expect(names.slice(0, 2)).toEqual(["README.md", "LICENCE.txt"]);
    // The data proxy is down here: the labelled map is an error part, its info file is still written.
    expect(names).toContain("JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz.error.txt");
    expect(names).toContain("JULICH_BRAIN_CYTOARCHITECTONIC_ATLAS_V3_1.label.nii.gz.info.md");
    const left = entries["FREESURFER_FSAVERAGE/white matter/left hemisphere/lh.white.gii"];
    // Data files are stored, not deflated: the zip exceeds one 512 KiB Redis chunk and is reassembled.
    expect(left).toEqual(new Uint8Array(700_000).map((_, i) => i % 251));
    expect(strFromU8(entries["FREESURFER_FSAVERAGE/white matter/right hemisphere/rh.white.gii"])).toBe(
      "right white mesh",
    );
    expect(names.at(-1)).toBe("FREESURFER_FSAVERAGE.info.md");

    // Any server instance can answer: the task lives in Redis. Unknown ids are 404, so pollers stop.
    const unknown = await fetch(`${stack.serverUrl}/v3_0/atlas_download/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
  }, 60_000);
});

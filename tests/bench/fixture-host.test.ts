import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startDataHost } from "../../bench/fixture-host/index.ts";
import { CONFIG_DIR, getJson, testApp } from "../_support/app.ts";
import type { DataHost } from "../../bench/fixture-host/index.ts";

/**
 * The benchmarks' fixture data host: every file the JBA 3.1 MNI152 maps name is served, in a format
 * the service reads, and through the remap rules the data routes answer from it.
 */
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const q = encodeURIComponent;

let host: DataHost;
beforeAll(async () => {
  host = await startDataHost(CONFIG_DIR);
}, 60_000);
afterAll(() => host.stop());

/** The data-proxy URLs under a map document's `volumes[].providers.nii` (string or per fragment). */
async function niiUrls(path: string): Promise<string[]> {
  const doc = (await Bun.file(`${CONFIG_DIR}/${path}`).json()) as {
    volumes: { providers: { nii?: string | Record<string, string> } }[];
  };
  return doc.volumes.flatMap((v) =>
    typeof v.providers.nii === "string" ? [v.providers.nii] : Object.values(v.providers.nii ?? {}),
  );
}

describe("fixture data host", () => {
  test("serves every NIfTI of the labelled and statistical JBA 3.1 MNI152 maps, gzipped with a NIfTI-1 header", async () => {
    const urls = [
      ...(await niiUrls("maps/mni152-jba31-labelled.json")),
      ...(await niiUrls("maps/mni152-jba31_207-continuous.json")),
    ];
    expect(urls.length).toBe(2 + 414);
    const local = host.remap.split("\n").map((rule) => rule.split("::") as [string, string]);
    for (const url of [urls[0], urls[1], urls[2], urls[urls.length - 1]]) {
      const [from, to] = local.find(([f]) => url.startsWith(f)) ?? ["", ""];
      const res = await fetch(to + url.slice(from.length));
      expect(res.status).toBe(200);
      const raw = Bun.gunzipSync(new Uint8Array(await res.arrayBuffer()));
      const view = new DataView(raw.buffer, raw.byteOffset);
      expect(view.getInt32(0, true)).toBe(348);
      const dims = [1, 2, 3].map((d) => view.getInt16(40 + d * 2, true));
      const bytesPer = view.getInt16(72, true) / 8;
      expect(raw.byteLength).toBe(352 + dims[0] * dims[1] * dims[2] * bytesPer);
    }
    const missing = urls.filter((u) => !host.files.has(`/${u.slice("https://data-proxy.ebrains.eu/".length)}`));
    expect(missing).toEqual([]);
  });

  test("the service answers data routes from it through the remap rules", { timeout: 60_000 }, async () => {
    const { app } = await testApp({ env: { SIIBRA_API_REMAP_PROVIDERS: host.remap, SIIBRA_API_CACHE: "none" } });
    const before = host.hits();
    const stat = await app.request(
      `/v3_0/map/statistical_map.nii.gz?parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}&region_id=${q("Area 44 (IFG) left")}`,
    );
    expect(stat.status).toBe(200);
    const list = await getJson(
      app,
      `/v3_0/feature/Tabular?parcellation_id=${q(JBA31)}&region_id=${q("Area 44 (IFG) left")}&page=1&size=100`,
    );
    const items = (list.body as { items: { id: string; "@type": string }[] }).items;
    const fingerprint = items.find((i) => i["@type"].includes("receptor_density_fp"));
    expect(fingerprint).toBeDefined();
    const feature = await getJson(app, `/v3_0/feature/${q(fingerprint?.id ?? "")}`);
    expect(feature.status).toBe(200);
    expect(host.hits()).toBeGreaterThan(before);
  });
});

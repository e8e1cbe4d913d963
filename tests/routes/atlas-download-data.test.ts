/**
 * `/atlas_download` bound to the real data layers: the feature export comes from the feature layer,
 * reading a synthetic receptor table from a local data host at the configuration's URL.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { configFiles, getJson } from "../_support/app.ts";
import { AREA44L, JBA31, dataApp, doc, fingerprintTsv, proxyPath } from "../_support/feature-data-host.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Fixture, Route } from "../remote/fixture-server.ts";

const enc = encodeURIComponent;
const routes: Record<string, Route> = {};
let host: Fixture;
let app: Awaited<ReturnType<typeof dataApp>>["app"];
beforeAll(async () => {
  host = serveFixture(routes);
  app = (await dataApp(host.origin)).app;
});
afterAll(() => host.stop());

async function bundle(query: string): Promise<Record<string, Uint8Array>> {
  const { task_id } = (await getJson(app, `/v3_0/atlas_download?${query}`)).body as { task_id: string };
  for (let i = 0; i < 500; i++) {
    const poll = await getJson(app, `/v3_0/atlas_download/${task_id}`);
    expect(poll.status).toBe(200);
    if ((poll.body as { status: string }).status === "SUCCESS") break;
    await Bun.sleep(10);
  }
  const res = await app.request(`/v3_0/atlas_download/${task_id}/download`);
  expect(res.status).toBe(200);
  return unzipSync(new Uint8Array(await res.arrayBuffer()));
}

describe("/atlas_download with feature_id", () => {
  test("bundles the feature's export zip (the one /feature/{id}/download serves) first", async () => {
    const list = await getJson(
      app,
      `/v3_0/feature/Tabular?parcellation_id=${enc(JBA31)}&region_id=${enc(AREA44L)}&type=ReceptorDensityFingerprint`,
    );
    const id = (list.body as { items: { id: string }[] }).items[0].id;
    const path = (await configFiles()).files.find(([, d]) => (d as { "@id"?: string })["@id"] === id)?.[0] as string;
    const file = String((await doc(path)).file);
    routes[proxyPath(file)] = { body: fingerprintTsv([["AMPA", 400.5, 50.25]]) };

    const entries = await bundle(`feature_id=${enc(id)}`);
    expect(Object.keys(entries)).toEqual([`export-${id}.zip`, "README.md", "LICENCE.txt"]);
    const inner = unzipSync(entries[`export-${id}.zip`]);
    expect(strFromU8(inner["tabular.csv"])).toBe("receptor,mean,std\nAMPA,400.5,50.25\n");
  });

  test("an unknown feature becomes <id>.error.txt with upstream's wording", async () => {
    const entries = await bundle("feature_id=no-such-feature");
    expect(Object.keys(entries)).toEqual(["no-such-feature.error.txt", "README.md", "LICENCE.txt"]);
    expect(strFromU8(entries["no-such-feature.error.txt"])).toStartWith("Feature exporting failed: ");
    expect(strFromU8(entries["no-such-feature.error.txt"])).toContain("no-such-feature");
  });
});

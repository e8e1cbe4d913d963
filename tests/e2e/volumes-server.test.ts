/**
 * Volume routes through the queue: role `server` with two workers (volumes queue) answers the same
 * status, headers and bytes as role `all`, files included, on synthetic JBA 3.1 data served locally.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { killGroup } from "../../dev/process.ts";
import { CONFIG_DIR, VOCAB_DIR } from "../_support/app.ts";
import { jbaData, JBA31, MNI152, mm } from "../volumes/_jba-fixture.ts";
import { serveFixture } from "../remote/fixture-server.ts";
import type { Stack } from "../../dev/stack/stack.ts";
import type { Started } from "../../dev/process.ts";
import type { Fixture } from "../remote/fixture-server.ts";
import { rolesSideBySide } from "../_support/roles-side-by-side.ts";

const q = encodeURIComponent;
const base = `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`;
const point = (p: number[]) => q(p.map((v) => `${v}mm`).join(","));
const REQUESTS = [
  `/v3_0/map/assign?${base}&assignment_type=labelled&point=${point(mm(2, 1, 2))}`,
  `/v3_0/map/assign?${base}&point=${point(mm(3, 5, 2))}`,
  `/v3_0/map/statistical_map.nii.gz?${base}&region_id=${q("Area 44 (IFG) left")}`,
  `/v3_0/map/statistical_map.info.json?${base}&region_id=${q("Area 45 (IFG) left")}`,
  `/v3_0/map/labelled_map.nii.gz?${base}&region_id=${q("Area 44 (IFG)")}`,
  `/v3_0/regions/${q("Area 44 (IFG) left")}?${base}`,
  `/v3_0/map/assign?${base}&point=nowhere`,
  `/v3_0/map/statistical_map.nii.gz?${base}&region_id=${q("Area 44 (IFG)")}`,
];

let fixture: Fixture;
let stack: Stack;
let allInOne: Started;
let allUrl: string;

beforeAll(async () => {
  fixture = serveFixture((await jbaData()).routes);
  const env = {
    SIIBRA_USE_CONFIGURATION: CONFIG_DIR,
    SIIBRA_USE_VOCABULARIES: VOCAB_DIR,
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: `https://data-proxy.ebrains.eu/::${fixture.origin}/dp/\nhttps://jugit.fz-juelich.de::http://127.0.0.1:9`,
  };
  ({ stack, allInOne, allUrl } = await rolesSideBySide(env));
}, 60_000);

afterAll(async () => {
  await Promise.all([stack?.stop(), allInOne && killGroup(allInOne)]);
  fixture?.stop();
});

test("every volume route answers byte-identically to role all (status, content type, disposition, body)", async () => {
  for (const path of REQUESTS) {
    const [viaQueue, inline] = await Promise.all(
      [stack.serverUrl, allUrl].map(async (origin) => {
        const res = await fetch(origin + path, { headers: { "x-bypass-fastapi-cache": "1" } });
        return {
          status: res.status,
          type: res.headers.get("content-type"),
          disposition: res.headers.get("content-disposition"),
          body: Buffer.from(await res.arrayBuffer()).toString("base64"),
        };
      }),
    );
    expect({ path, ...viaQueue }).toEqual({ path, ...inline });
    expect(inline.status).toBeLessThan(500);
  }
}, 60_000);

/** HTTP caching on the file routes: NIfTI answers are long-lived public files, revalidated by ETag. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { JBA31, MNI152, serveJba } from "../../volumes/_jba-fixture.ts";
import type { App } from "../../../src/app.ts";
import type { Fixture } from "../../remote/fixture-server.ts";

const q = encodeURIComponent;
const base = `parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`;
let app: App;
let fixture: Fixture;

beforeAll(async () => {
  ({ app, fixture } = await serveJba());
});
afterAll(() => fixture.stop());

describe("files class", () => {
  test("statistical and labelled maps: public for a week, ETag, 304 on a repeat", async () => {
    for (const path of [
      `/v3_0/map/statistical_map.nii.gz?${base}&region_id=${q("Area 44 (IFG) left")}`,
      `/v3_0/map/labelled_map.nii.gz?${base}`,
    ]) {
      const first = await app.request(path);
      const bytes = new Uint8Array(await first.arrayBuffer());
      expect({ path, status: first.status }).toEqual({ path, status: 200 });
      expect(bytes.byteLength).toBeGreaterThan(0);
      expect(first.headers.get("cache-control")).toBe("public, max-age=604800, stale-while-revalidate=86400");
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

      const repeat = await app.request(path, { headers: { "if-none-match": etag } });
      expect(repeat.status).toBe(304);
      expect((await repeat.arrayBuffer()).byteLength).toBe(0);
      expect(repeat.headers.get("cache-control")).toBe("public, max-age=604800, stale-while-revalidate=86400");
      expect(repeat.headers.get("content-disposition")).toBeNull();

      const again = await app.request(path);
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
      expect(again.headers.get("etag")).toBe(etag);
    }
  });

  test("a file route's 404 envelope gets the metadata lifetime; its info.json is metadata", async () => {
    const missing = await app.request(`/v3_0/map/statistical_map.nii.gz?${base}&region_id=nothing-like-this`);
    await missing.arrayBuffer();
    expect(missing.status).toBe(404);
    expect(missing.headers.get("cache-control")).toBe("public, max-age=3600, stale-while-revalidate=86400");
    const info = await app.request(`/v3_0/map/statistical_map.info.json?${base}&region_id=${q("Area 44 (IFG) left")}`);
    await info.arrayBuffer();
    expect(info.status).toBe(200);
    expect(info.headers.get("cache-control")).toBe("public, max-age=3600, stale-while-revalidate=86400");
  });
});

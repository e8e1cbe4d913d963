import { describe, expect, test } from "bun:test";
import { testApp } from "../_support/app.ts";

const { app } = await testApp();
const SNIPPET = { accept: "text/x-sapi-python" };

describe("code snippets (Accept: text/x-sapi-python)", () => {
  test("answers upstream's frame: args, kwargs (query + path, no paging), the function, the call", async () => {
    const res = await app.request("/v3_0/regions/hOc1%20left?parcellation_id=julich%203.1&page=2", {
      headers: SNIPPET,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.text();
    expect(
      body.startsWith(
        'args=[]\nkwargs={\n  "parcellation_id": "julich 3.1",\n  "region_id": "hOc1 left"\n}\n\ndef single_region(',
      ),
    ).toBe(true);
    expect(body.endsWith("\n\nsingle_region(*args, **kwargs)\n\n")).toBe(true);
  });

  test("runs nothing and is never cached: the JSON answer stays JSON", async () => {
    const snippet = await app.request("/v3_0/atlases/doesnotexist", { headers: SNIPPET });
    expect(snippet.status).toBe(200);
    expect(await snippet.text()).toContain("siibra.atlases[atlas_id]");
    await app.request("/v3_0/atlases", { headers: SNIPPET });
    const json = await app.request("/v3_0/atlases");
    expect(json.headers.get("content-type")).toStartWith("application/json");
    expect(json.headers.get("x-fastapi-cache")).toBeNull();
  });

  test("only the exact Accept value triggers it; unknown routes answer upstream's plain-text 404", async () => {
    const loose = await app.request("/v3_0/atlases", { headers: { accept: "text/x-sapi-python, */*" } });
    expect(loose.headers.get("content-type")).toStartWith("application/json");
    const unknown = await app.request("/v3_0/nowhere", { headers: SNIPPET });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("handler_fn lookup failed!");
  });

  test("/atlas_download answers the bundle example and starts no task", async () => {
    const res = await app.request("/v3_0/atlas_download?space_id=mni152&strict_mode=1", { headers: SNIPPET });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toStartWith(
      'args=[]\nkwargs={\n  "space_id": "mni152",\n  "strict_mode": "1"\n}\n\ndef download_all(',
    );
    expect(body).toEndWith("\n\ndownload_all(*args, **kwargs)\n\n");
  });
});

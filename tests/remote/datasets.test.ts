import { afterAll, describe, expect, test } from "bun:test";
import type { DatasetRefs } from "../../src/atlas/model.ts";
import { createDatasetService, createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { expected, expectedIdsOnly, idsOnly, refs } from "./dataset-expectations.ts";
import { serveFixture } from "./fixture-server.ts";
import { BUCKET, DS_ID, DSV_ID, dsvDoc, kgRoutes, serviceFor, V1_ID, v1Doc } from "./kg-fixtures.ts";

describe("DatasetService against a fixture KG", () => {
  const kg = serveFixture(kgRoutes());
  afterAll(() => kg.stop());

  test("maps v1, v3 DatasetVersion, v3 Dataset and named publications, in siibra's order and key order", async () => {
    const result = await serviceFor(kg.origin).resolveDetailed(refs);
    expect(result.partial).toBe(false);
    expect(JSON.stringify(result.datasets)).toBe(JSON.stringify(expected));
  });

  test("caches successes and shares concurrent fetches", async () => {
    const fixture = serveFixture(kgRoutes());
    try {
      const service = serviceFor(fixture.origin);
      const [a, b] = await Promise.all([service.resolve(refs), service.resolve(refs)]);
      expect(a).toEqual(b);
      // The Dataset is wanted by the Dataset ref and as the DatasetVersion's parent: still one fetch.
      for (const n of fixture.hits.values()) expect(n).toBe(1);
      expect(fixture.hits.size).toBe(4);
      await service.resolve(refs);
      for (const n of fixture.hits.values()) expect(n).toBe(1);
    } finally {
      fixture.stop();
    }
  });

  test("falls back to the jugit snapshot repository when the bucket has no document", async () => {
    const jugitPath = `/api/v4/projects/7846/repository/files/${encodeURIComponent(`ebrainsquery/v1/dataset/${V1_ID}.json`)}/raw?ref=master`;
    const fixture = serveFixture({ [jugitPath]: { body: JSON.stringify(v1Doc) } });
    try {
      const fetcher = createRemoteFetcher({
        remap: [
          ["https://data-proxy.ebrains.eu", fixture.origin],
          ["https://jugit.fz-juelich.de", fixture.origin],
        ],
      });
      const service = createDatasetService(new KgStore({ fetcher }));
      const [ds] = await service.resolve({ ebrains: { "minds/core/dataset/v1.0.0": V1_ID }, publications: [] });
      expect(ds).toEqual(expected[0]);
      expect(fixture.hitsFor(`${BUCKET}/v1/dataset/${V1_ID}.json`)).toBe(1);
      expect(fixture.hitsFor(jugitPath)).toBe(1);
    } finally {
      fixture.stop();
    }
  });

  test("a parent Dataset the KG does not have degrades only the derived fields; that is final, not partial", async () => {
    const fixture = serveFixture({ [`${BUCKET}/v3/DatasetVersion/${DSV_ID}.json`]: { body: JSON.stringify(dsvDoc) } });
    try {
      const result = await serviceFor(fixture.origin).resolveDetailed({
        ebrains: { "openminds/DatasetVersion": DSV_ID },
        publications: [],
      });
      // Every source answered (404): asking again would give the same answer.
      expect(result.partial).toBe(false);
      expect(result.datasets[0].name).toBe("None (v1.0)"); // upstream's f-string of a missing fullName
      expect(result.datasets[0].description).toBe("");
      expect(result.datasets[0].contributors).toEqual(expected[1].contributors);
    } finally {
      fixture.stop();
    }
  });

  test("a parent Dataset whose host fails (5xx) degrades the same fields and marks the result partial", async () => {
    const fixture = serveFixture({
      [`${BUCKET}/v3/DatasetVersion/${DSV_ID}.json`]: { body: JSON.stringify(dsvDoc) },
      [`${BUCKET}/v3/Dataset/${DS_ID}.json`]: { body: "down", status: 503 },
    });
    try {
      const result = await serviceFor(fixture.origin).resolveDetailed({
        ebrains: { "openminds/DatasetVersion": DSV_ID },
        publications: [],
      });
      expect(result.partial).toBe(true);
      expect(result.datasets[0].name).toBe("None (v1.0)");
    } finally {
      fixture.stop();
    }
  });

  test("failures are remembered for failureTtlMs, then retried", async () => {
    const routes = kgRoutes();
    const path = `${BUCKET}/v1/dataset/${V1_ID}.json`;
    const good = routes[path];
    routes[path] = { body: "oops", status: 500 };
    const fixture = serveFixture(routes);
    let now = 1_000_000;
    try {
      const service = serviceFor(fixture.origin, { failureTtlMs: 60_000, now: () => now });
      const v1Refs: DatasetRefs = { ebrains: { "minds/core/dataset/v1.0.0": V1_ID }, publications: [] };
      expect(await service.resolve(v1Refs)).toEqual([expectedIdsOnly[0]]);
      routes[path] = good;
      now += 30_000;
      expect(await service.resolve(v1Refs)).toEqual([expectedIdsOnly[0]]);
      expect(fixture.hitsFor(path)).toBe(1);
      now += 31_000;
      expect(await service.resolve(v1Refs)).toEqual([expected[0]]);
      expect(fixture.hitsFor(path)).toBe(2);
    } finally {
      fixture.stop();
    }
  });

  test("list values and non-uuid ids", async () => {
    const service = serviceFor(kg.origin);
    const result = await service.resolveDetailed({
      ebrains: { "openminds/DatasetVersion": [DSV_ID, "NOT-A-UUID"] },
      publications: [{ name: "", url: "x" }],
    });
    expect(result.datasets.map((d) => d["@id"])).toEqual([DSV_ID, "NOT-A-UUID"]);
    expect(result.datasets[1]).toEqual(idsOnly("NOT-A-UUID", null));
    expect(result.partial).toBe(false);
  });
});

describe("ids-only service", () => {
  test("never touches the network and keeps generic datasets complete", async () => {
    const result = await createIdsOnlyDatasetService().resolveDetailed(refs);
    expect(JSON.stringify(result.datasets)).toBe(JSON.stringify(expectedIdsOnly));
    expect(result.partial).toBe(false);
  });
});

/** The dataset service must answer (ids-only) in bounded time when the knowledge graph is unreachable. */
import { describe, expect, test } from "bun:test";
import { createDatasetService } from "../../src/datasets/index.ts";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { expectedIdsOnly, refs } from "./dataset-expectations.ts";
import { closedOrigin, serveHanging } from "./fixture-server.ts";
import { DS_ID, serviceFor } from "./kg-fixtures.ts";

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await run();
  return [value, performance.now() - t0];
}

describe("KG host unreachable (connection refused)", () => {
  test("serves ids-only datasets quickly, both sources down, and does not retry on the next call", async () => {
    const closed = closedOrigin();
    let connections = 0;
    const fetcher = createRemoteFetcher({
      remap: [
        ["https://data-proxy.ebrains.eu", closed],
        ["https://jugit.fz-juelich.de", closed],
      ],
      fetchImpl: ((input: string | URL | Request, init?: RequestInit) => {
        connections++;
        return fetch(input, init);
      }) as typeof fetch,
    });
    const service = createDatasetService(new KgStore({ fetcher })); // default: 3 s budget, both sources
    const [first, t1] = await timed(() => service.resolveDetailed(refs));
    expect(first.partial).toBe(true);
    expect(JSON.stringify(first.datasets)).toBe(JSON.stringify(expectedIdsOnly));
    expect(t1).toBeLessThan(5000);
    // Not retried: the second call makes no connection attempt at all (a refused one would be as fast).
    const attempts = connections;
    expect(attempts).toBeGreaterThan(0);
    const second = await service.resolve(refs);
    expect(second).toEqual(first.datasets);
    expect(connections).toBe(attempts);
  });

  test("another concept's ids do not wait either while the host is known to be down", async () => {
    const service = serviceFor(closedOrigin());
    await service.resolve(refs);
    const [other, t] = await timed(() =>
      service.resolve({ ebrains: { "openminds/Dataset": "99999999-8888-4777-8666-555555555555" }, publications: [] }),
    );
    expect(other[0].name).toBe("");
    expect(t).toBeLessThan(50);
  });
});

describe("KG host hanging", () => {
  test("the timeout is honoured, the whole concept resolves within one budget, the host is then skipped", async () => {
    const hanging = serveHanging();
    try {
      const service = serviceFor(hanging.origin, { timeoutMs: 400 });
      const [first, t1] = await timed(() => service.resolveDetailed(refs));
      expect(JSON.stringify(first.datasets)).toBe(JSON.stringify(expectedIdsOnly));
      // v1, DatasetVersion and Dataset are fetched in parallel: one budget, not three.
      expect(t1).toBeGreaterThanOrEqual(350);
      expect(t1).toBeLessThan(1500);
      const hitsAfterFirst = [...hanging.hits.values()].reduce((a, b) => a + b, 0);
      expect(hitsAfterFirst).toBe(3);

      const [, t2] = await timed(() =>
        service.resolve({
          ebrains: { "openminds/Dataset": DS_ID, "minds/core/dataset/v1.0.0": "abc-123" },
          publications: [],
        }),
      );
      expect(t2).toBeLessThan(50);
      expect([...hanging.hits.values()].reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      hanging.stop();
    }
  });
});

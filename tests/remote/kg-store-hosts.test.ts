/** The document store's outage breaker is per host: one unreachable host does not hide another's documents. */
import { expect, test } from "bun:test";
import { KgStore } from "../../src/datasets/kg-store.ts";
import { createRemoteFetcher } from "../../src/lib/remote.ts";
import { downOrigin, startFaultHost } from "../_support/fault-host.ts";

test("an identity source spanning hosts: host A down, host B still served", async () => {
  const b = await startFaultHost({ files: { "/info": JSON.stringify({ mesh: "m" }) } });
  const a = await downOrigin();
  try {
    const store = new KgStore({ fetcher: createRemoteFetcher(), sources: [(url) => url], timeoutMs: 2000 });
    const id = (doc: unknown) => doc;
    expect(await store.get(`${a}/info`, id)).toBeNull();
    expect(await store.get(`${b.origin}/info`, id)).toEqual({ mesh: "m" });
    expect(b.hits("/info")).toBe(1);
  } finally {
    await b.stop();
  }
});

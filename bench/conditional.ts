import { load } from "./load.ts";
import type { LoadResult } from "./load.ts";

/**
 * HTTP caching (docs/operations.md#http-caching): a conditional repeat (`If-None-Match` → 304, answered
 * before the response cache and the job) against the full 200 of the same URL from the in-memory response
 * cache, and against the uncached 200 (`cache-control: no-cache`), same process, same run.
 */
export async function compareConditional(
  url: string,
  opts: { concurrency: number; seconds: number },
): Promise<{ name: string; result: LoadResult }[]> {
  const first = await fetch(url);
  await first.arrayBuffer();
  const etag = first.headers.get("etag");
  if (!etag) throw new Error(`no ETag on ${url}: is SIIBRA_API_HTTP_CACHE off?`);
  const cases: [string, Record<string, string>][] = [
    ["full 200 (response-cache hit)", {}],
    ["conditional repeat (304)", { "if-none-match": etag }],
    ["full 200, uncached (cache-control: no-cache)", { "cache-control": "no-cache" }],
  ];
  const rows = [];
  for (const [name, headers] of cases) {
    await load([url], { concurrency: opts.concurrency, seconds: 0.5, headers });
    rows.push({ name, result: await load([url], { ...opts, headers }) });
  }
  return rows;
}

export function printConditional(rows: { name: string; result: LoadResult }[], label: string): void {
  const base = rows[0].result.rps;
  console.log(`\nconditional requests on ${label}:`);
  for (const { name, result: r } of rows) {
    console.log(
      `  ${name.padEnd(46)} ${r.rps.toFixed(0).padStart(7)} req/s  ratio ${(r.rps / base).toFixed(2)}  p50 ${r.p50.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  errors ${r.errors}`,
    );
  }
}

/** `bun bench/conditional.ts`: this comparison alone (`npm run bench` runs it after the throughput rows). */
if (import.meta.main) {
  const { startProcess } = await import("./process.ts");
  const jba31 = encodeURIComponent("minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310");
  const mni152 = encodeURIComponent("minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2");
  const server = await startProcess(["bench/static-server.ts"], {
    SIIBRA_USE_CONFIGURATION: process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations",
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: "https://data-proxy.ebrains.eu::http://127.0.0.1:9",
  });
  try {
    const opts = {
      concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
      seconds: Number(process.env.BENCH_SECONDS ?? 3),
    };
    const regions = `/v3_0/regions?parcellation_id=${jba31}`;
    printConditional(
      await compareConditional(`${server.url}${regions}`, opts),
      "/v3_0/regions?parcellation_id=<JBA 3.1>",
    );
    const map = `/v3_0/map?parcellation_id=${jba31}&space_id=${mni152}&map_type=LABELLED`;
    printConditional(await compareConditional(`${server.url}${map}`, opts), "/v3_0/map (LABELLED, JBA 3.1, MNI152)");
  } finally {
    await server.stop();
  }
}

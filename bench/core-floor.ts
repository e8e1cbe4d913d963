import { readFileSync } from "node:fs";
import { load } from "./load.ts";
import { startProcess } from "./process.ts";
import { startDataHost } from "./fixture-host/index.ts";

/**
 * Core cost floor (docs/operations.md#weighted-throughput): core routes with the response cache off against a
 * static route holding the same bytes, in the same process and run. Target: ratio ≥ 0.7 for every route.
 */
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const q = encodeURIComponent;

export const CORE_ROUTES: [string, string][] = [
  ["/atlases", "/v3_0/atlases"],
  ["/parcellations/{JBA 3.1}", `/v3_0/parcellations/${q(JBA31)}`],
  ["/spaces/{MNI152}", `/v3_0/spaces/${q(MNI152)}`],
  ["/regions page 2", `/v3_0/regions?parcellation_id=${q(JBA31)}&page=2`],
  ["/maps?map_type=LABELLED&space_id", `/v3_0/maps?map_type=LABELLED&space_id=${q(MNI152)}&page=1`],
  ["/map (JBA 3.1, MNI152)", `/v3_0/map?map_type=LABELLED&parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`],
  ["/regions/{name}", `/v3_0/regions/${q("Area 44 (IFG)")}?parcellation_id=${q(JBA31)}`],
];

/**
 * Server CPU per request besides req/s: on a machine shared with other work, req/s swings with the
 * neighbours' bursts while the server's own CPU time per answer barely moves.
 */
export type FloorRow = {
  name: string;
  staticRps: number;
  rps: number;
  ratio: number;
  staticCpuUs: number;
  cpuUs: number;
};

/** User + system CPU of a process in ms (Linux, 100 ticks per second). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ROUNDS = 4;

export async function coreFloor(
  env: Record<string, string>,
  opts: { seconds: number; concurrency: number },
): Promise<FloorRow[]> {
  const server = await startProcess(["bench/static-server.ts"], {
    ...env,
    SIIBRA_API_CACHE: "none",
    BENCH_STATIC_OF: JSON.stringify(CORE_ROUTES.map(([, p]) => p)),
  });
  const rows: FloorRow[] = [];
  try {
    for (const [i, [name, path]] of CORE_ROUTES.entries()) {
      const pair = [`${server.url}/bench/static?i=${i}`, `${server.url}${path}`];
      for (const url of pair) await load([url], { concurrency: opts.concurrency, seconds: 0.3 });
      // Interleaved quarters, so a neighbour's load burst on this shared machine hits both sides alike.
      const rps = [0, 0];
      const cpu = [0, 0];
      const requests = [0, 0];
      for (let k = 0; k < ROUNDS; k++) {
        for (const side of [0, 1]) {
          const before = cpuMsOf(server.pid);
          const result = await load([pair[side]], { ...opts, seconds: opts.seconds / ROUNDS });
          cpu[side] += cpuMsOf(server.pid) - before;
          requests[side] += result.requests;
          rps[side] += result.rps / ROUNDS;
        }
      }
      const [staticCpuUs, cpuUs] = [0, 1].map((side) => (cpu[side] * 1000) / requests[side]);
      rows.push({ name, staticRps: rps[0], rps: rps[1], ratio: rps[1] / rps[0], staticCpuUs, cpuUs });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

if (import.meta.main) {
  const config = process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations";
  // The service as deployed: remote hosts answer (the fixture host's 404s are documents that are not
  // there). With unreachable hosts every answer carrying datasets would be partial, built again after
  // each failure memory, which is the degraded mode, not the floor.
  const host = process.env.SIIBRA_API_REMAP_PROVIDERS ? null : await startDataHost(config);
  const env = {
    SIIBRA_USE_CONFIGURATION: config,
    SIIBRA_API_LOG: "silent",
    SIIBRA_API_REMAP_PROVIDERS: process.env.SIIBRA_API_REMAP_PROVIDERS ?? host?.remap ?? "",
  };
  const rows = await coreFloor(env, { seconds: Number(process.env.BENCH_SECONDS ?? 2), concurrency: 32 });
  console.log("core routes, SIIBRA_API_CACHE=none, 32 concurrent clients, vs static bytes (target ratio ≥ 0.7):");
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} req/s  static ${r.staticRps.toFixed(0).padStart(7)}  ratio ${r.ratio.toFixed(2)}` +
        `   server CPU ${r.cpuUs.toFixed(0)} µs/request, static ${r.staticCpuUs.toFixed(0)}`,
    );
  }
  host?.stop();
}

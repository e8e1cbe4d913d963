import { startProcess } from "../process.ts";
import { loadMix } from "../load-mix.ts";
import { discover, expand, fallbackFlood, floodTemplates, served, sessionTemplates } from "../weighted/mix.ts";
import type { Request } from "../weighted/mix.ts";

/** The service under test: role all, as deployed on one machine, with no reachable data host. */
export const SERVER_ENV = {
  SIIBRA_USE_CONFIGURATION: process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations",
  SIIBRA_USE_VOCABULARIES: process.env.SIIBRA_USE_VOCABULARIES ?? "../shared/siibra-vocabularies",
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_CACHE: "none",
  // Expensive requests stand in with CPU burnt where jobs run (as in bench:weighted).
  SIIBRA_API_JOB_CPU_MS: process.env.SIIBRA_API_JOB_CPU_MS ?? "features=20",
  SIIBRA_API_REMAP_PROVIDERS:
    process.env.SIIBRA_API_REMAP_PROVIDERS ?? "https://data-proxy.ebrains.eu::http://127.0.0.1:9",
};

/** Starts the server, reads the production mix from it, and measures its closed-loop capacity. */
export async function setUp() {
  const proc = await startProcess(["src/index.ts"], SERVER_ENV);
  const d = await discover(proc.url);
  const session = await served(proc.url, sessionTemplates(d));
  let flood = await served(proc.url, floodTemplates(d));
  if (flood.kept.length === 0) flood = { kept: fallbackFlood(d), dropped: flood.dropped };
  const mix: Request[] = expand(session.kept);
  const heavy: Request[] = expand(flood.kept);
  const asEntries = (rs: Request[]) => rs.map((r) => ({ id: r.cls, path: r.path, count: 1, weight: 1 }));
  const capacity = (await loadMix(proc.url, asEntries(mix), { seconds: 3, concurrency: 16 })).rps;
  return { proc, mix, heavy, capacity };
}

/**
 * HTTP send that tells a shed request (503 with `Retry-After`, from admission control) from a data host
 * that cannot be reached (503 without it, an honest and fast answer here): the latter is reported as 599.
 */
export function classifiedSend(base: string): (path: string) => Promise<number> {
  return async (path) => {
    try {
      const res = await fetch(base + path);
      await res.arrayBuffer();
      return res.status === 503 && !res.headers.has("retry-after") ? UNREACHABLE : res.status;
    } catch {
      return 0;
    }
  };
}

export const UNREACHABLE = 599;

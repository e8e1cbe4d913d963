import { startProcess } from "../process.ts";
import { startDataHost } from "../fixture-host/index.ts";
import { mixCapacity } from "../weighted/capacity.ts";
import { expand, scenario } from "../weighted/mix.ts";
import { classOf } from "../weighted/classes.ts";
import type { Request } from "../weighted/mix.ts";

/** The service under test: role all, as deployed on one machine, reading remote files from the fixture data host. */
export const SERVER_ENV = {
  SIIBRA_USE_CONFIGURATION: process.env.SIIBRA_USE_CONFIGURATION ?? "../shared/siibra-configurations",
  SIIBRA_USE_VOCABULARIES: process.env.SIIBRA_USE_VOCABULARIES ?? "../shared/siibra-vocabularies",
  SIIBRA_API_LOG: "silent",
  SIIBRA_API_CACHE: "none",
};

/**
 * Starts the data host and the server, reads the production mix from it (the probe makes the session's
 * one-off data fetches, as in bench:weighted), and measures its capacity. `stop` ends both.
 */
export async function setUp() {
  const host = await startDataHost(SERVER_ENV.SIIBRA_USE_CONFIGURATION);
  const server = await startProcess(["src/index.ts"], { ...SERVER_ENV, SIIBRA_API_REMAP_PROVIDERS: host.remap });
  const proc = {
    ...server,
    stop: async () => {
      await server.stop();
      host.stop();
    },
  };
  const { session, flood, dropped } = await scenario(proc.url);
  if (dropped.length) console.log(`not served (left out): ${dropped.join(", ")}`);
  const mix: Request[] = expand(session.kept, classOf);
  const heavy: Request[] = expand(flood.kept, classOf);
  // The same capacity as bench:weighted: the highest open-loop rate serving the whole mix (every class
  // within its objective, nothing shed, no more bundles than are finished).
  const { capacity } = await mixCapacity(proc.url, mix, 3);
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

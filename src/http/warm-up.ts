import type { AtlasStore } from "../atlas/store.ts";
import type { Logger } from "../lib/logger.ts";

const q = encodeURIComponent;

/** Marks warm-up requests, which the access log leaves out. */
export const WARM_UP_HEADER = "x-siibra-warm-up";
const WARM_UP_HEADERS: RequestInit = { headers: { [WARM_UP_HEADER]: "1" } };

/**
 * The requests of siibra-explorer's first paint (client-usage.md §6) for the first atlas in registry
 * order (the human atlas, where the client lands; its newest parcellation first), in the order a
 * visitor makes them: atlases, the atlas's parcellations and spaces, its labelled-map lists, every
 * page of each parcellation's regions and its labelled maps; then the feature types. Other atlases
 * are built on first use (a few MB each would count against the memory budget).
 */
export function* warmUpPaths(store: AtlasStore): Generator<string> {
  yield "/v3_0/atlases";
  for (const atlas of store.atlases.slice(0, 1)) {
    for (const p of atlas.parcellationIds) yield `/v3_0/parcellations/${q(p)}`;
    for (const s of atlas.spaceIds) yield `/v3_0/spaces/${q(s)}`;
    for (const s of atlas.spaceIds) yield `/v3_0/maps?map_type=LABELLED&space_id=${q(s)}&page=1`;
    for (const p of atlas.parcellationIds) yield `/v3_0/maps?map_type=LABELLED&parcellation_id=${q(p)}&page=1`;
    for (const id of atlas.parcellationIds) {
      const parcellation = store.parcellationById.get(id);
      if (!parcellation) continue;
      // Region trees are built on first use: page 1 first, then the tree's size is known.
      yield `/v3_0/regions?parcellation_id=${q(id)}`;
      const pages = Math.ceil(parcellation.regions.length / 50);
      for (let page = 2; page <= pages; page++) yield `/v3_0/regions?parcellation_id=${q(id)}&page=${page}`;
      for (const m of store.maps) {
        if (m.parcellationId !== id || m.maptype !== "LABELLED") continue;
        yield `/v3_0/map?map_type=LABELLED&parcellation_id=${q(id)}&space_id=${q(m.spaceId)}`;
      }
    }
  }
  yield "/v3_0/feature/_types";
}

/**
 * Builds, right after the server listens, what the first visitor would otherwise wait for (region
 * trees, serialized models), through the app itself so every layer is warmed. One request at a time
 * with a macrotask between them: a real request arriving meanwhile waits for one step at most.
 */
export async function warmUp(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  store: AtlasStore,
  logger: Logger,
): Promise<void> {
  const started = performance.now();
  let count = 0;
  let failed = 0;
  for (const path of warmUpPaths(store)) {
    count++;
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      const res = await request(path, WARM_UP_HEADERS);
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    }
  }
  const ms = (performance.now() - started).toFixed(0);
  logger.info(`warm-up: ${count} first-paint requests in ${ms} ms (${failed} not 200)`);
}

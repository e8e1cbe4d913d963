import type { AtlasStore } from "../../atlas/store.ts";
import type { Logger } from "../../lib/logger.ts";

/** Marks warm-up requests, which the access log leaves out. */
export const WARM_UP_HEADER = "x-siibra-warm-up";
const WARM_UP_HEADERS: RequestInit = { headers: { [WARM_UP_HEADER]: "1" } };

/** siibra-explorer's hard-coded default landing (JBA 3.1 in MNI152): where the first visitor lands. */
const LANDING_PARCELLATION = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const LANDING_SPACE = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

/**
 * An id inserted raw into a path, as a browser sends it: only the WHATWG path percent-encode set is
 * escaped (`/` and `:` stay). Whole answers are replayed per request target as sent (immutable-lane.ts),
 * so the warm-up must send the bytes the client sends.
 */
export function browserPath(id: string): string {
  return encodeURI(id).replaceAll("?", "%3F").replaceAll("#", "%23");
}

/** Angular's HttpUrlEncodingCodec for query values: encodeURIComponent, then `@ : $ , ; = ? /` unescaped. */
export function angularQuery(value: string): string {
  return encodeURIComponent(value).replace(/%(40|3A|24|2C|3B|3D|3F|2F)/gi, (m) => decodeURIComponent(m));
}

const q = angularQuery;

/**
 * siibra-explorer's first-paint chain (docs/decisions.md#criticality-classes) for the first atlas in
 * registry order (the human atlas), stage by stage as the client sends it: atlases; every parcellation and space of the
 * atlas; the landing's labelled-map lists; every page of the landing parcellation's regions; its
 * labelled map. Targets are written as the client writes them.
 */
export function firstPaintStages(store: AtlasStore): string[][] {
  const atlas = store.atlases[0];
  if (!atlas) return [["/v3_0/atlases"]];
  const parcellationId = atlas.parcellationIds.includes(LANDING_PARCELLATION)
    ? LANDING_PARCELLATION
    : atlas.parcellationIds[0];
  const spaceId = atlas.spaceIds.includes(LANDING_SPACE) ? LANDING_SPACE : atlas.spaceIds[0];
  const stages: string[][] = [
    ["/v3_0/atlases"],
    [
      ...atlas.parcellationIds.map((p) => `/v3_0/parcellations/${browserPath(p)}`),
      ...atlas.spaceIds.map((s) => `/v3_0/spaces/${browserPath(s)}`),
    ],
  ];
  if (parcellationId === undefined || spaceId === undefined) return stages;
  stages.push([
    `/v3_0/maps?map_type=LABELLED&space_id=${q(spaceId)}&page=1`,
    `/v3_0/maps?map_type=LABELLED&parcellation_id=${q(parcellationId)}&page=1`,
  ]);
  const regions = `/v3_0/regions?parcellation_id=${q(parcellationId)}`;
  stages.push([regions]);
  const pages = Math.ceil((store.parcellationById.get(parcellationId)?.regions.length ?? 0) / 50);
  stages.push(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => `${regions}&page=${i + 2}`));
  stages.push([`/v3_0/map?map_type=LABELLED&parcellation_id=${q(parcellationId)}&space_id=${q(spaceId)}`]);
  return stages.filter((s) => s.length > 0);
}

/**
 * What a visitor switching parcellation or space in the same atlas asks next: the labelled-map lists
 * of every space and parcellation, every page of each parcellation's regions and its labelled maps;
 * then the feature types. Other atlases are built on first use (a few MB each would count against
 * the memory budget).
 */
export function* followUpPaths(store: AtlasStore): Generator<string> {
  for (const atlas of store.atlases.slice(0, 1)) {
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

export type WarmUpOptions = {
  /** The server's real traffic (src/http/ops/graceful.ts `Drain`): follow-up steps wait for a quiet moment. */
  traffic?: { readonly inFlight: number; readonly answered: number };
};

/** How long no request may have been answered before a follow-up step runs. */
const QUIET_MS = 100;
const POLL_MS = 10;

/**
 * Resolves once no request has been in flight or answered for QUIET_MS: a client's chain leaves only
 * short gaps between its stages (a Python client on a loaded machine: tens of ms), and a follow-up
 * step (a region tree) started in one would hold up the next stage.
 */
async function quiet(traffic: { readonly inFlight: number; readonly answered: number }): Promise<void> {
  let seen = traffic.answered;
  for (let calm = 0; calm < QUIET_MS; ) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const busy = traffic.inFlight > 0 || traffic.answered !== seen;
    seen = traffic.answered;
    calm = busy ? 0 : calm + POLL_MS;
  }
}

/**
 * Builds, right after the server listens, what the first visitor would otherwise wait for (region
 * trees, maps, serialized models, the answers' bytes), through the app itself so every layer is
 * warmed. The first-paint chain goes first, each stage's requests together as the client sends them
 * (a visitor arriving meanwhile joins the builds under way instead of repeating them); the follow-ups
 * then run one at a time, each only after a quiet moment (no request for QUIET_MS).
 */
export async function warmUp(
  request: (path: string, init: RequestInit) => Response | Promise<Response>,
  store: AtlasStore,
  logger: Logger,
  opts: WarmUpOptions = {},
): Promise<void> {
  const started = performance.now();
  let count = 0;
  let failed = 0;
  const one = async (path: string) => {
    count++;
    try {
      const res = await request(path, WARM_UP_HEADERS);
      await res.arrayBuffer();
      if (res.status !== 200) failed++;
    } catch {
      failed++;
    }
  };
  for (const stage of firstPaintStages(store)) await Promise.all(stage.map(one));
  const firstPaintMs = (performance.now() - started).toFixed(0);
  logger.info(`warm-up: first-paint chain (${count} requests) in ${firstPaintMs} ms`);
  for (const path of followUpPaths(store)) {
    if (opts.traffic) await quiet(opts.traffic);
    else await new Promise((resolve) => setTimeout(resolve, 0));
    await one(path);
  }
  const ms = (performance.now() - started).toFixed(0);
  logger.info(`warm-up: ${count} requests in ${ms} ms (${failed} not 200)`);
}

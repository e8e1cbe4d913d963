/**
 * The production-like mix (docs/decisions.md#criticality-classes): siibra-explorer sessions (first paint, region
 * selections with their feature lists, assignments, opened features and plots) plus scripts
 * (downloads, atlas bundles). Ids come from the served data, as the client gets them.
 */
const JBA31 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-310";
const JBA303 = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-300";
const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";
const q = encodeURIComponent;
const REGIONS = [
  "Area 44 (IFG)",
  "Area hOc1 (V1, 17, CalcS) left",
  "Area PGa (IPL) right",
  "Area TE 3 (STG) left",
  "CA1 (Hippocampus) right",
];

export type Template = { id: string; path: string; count: number };
export type Request = { path: string; cls: string };

type Discovered = {
  parcellations: string[];
  spaces: string[];
  featureIds: string[];
  regionPages: number[];
  /** Region names of JBA 3.1. */
  regionNames: string[];
  /** Regions of the JBA 3.1 statistical map in MNI152 (the flood asks for each one's probability map). */
  statisticalRegions: string[];
  /** Every tabular and connectivity feature anchored in a JBA 3.1 region (the flood plots and downloads each). */
  floodFeatureIds: string[];
};

/** Reads what the session needs from the running service (ids as the client reads them). */
export async function discover(base: string): Promise<Discovered> {
  const get = async <T>(path: string) => (await (await fetch(base + path)).json()) as T;
  const human = await get<{ parcellations: { "@id": string }[]; spaces: { "@id": string }[] }>(
    "/v3_0/atlases/juelich%2Fiav%2Fatlas%2Fv1.0.0%2F1",
  );
  const pages = await Promise.all(
    [JBA31, JBA303].map(async (p) => (await get<{ pages: number }>(`/v3_0/regions?parcellation_id=${q(p)}`)).pages),
  );
  const names: string[] = [];
  for (let page = 1; page <= pages[0]; page++) {
    const list = await get<{ items: { name: string }[] }>(`/v3_0/regions?parcellation_id=${q(JBA31)}&page=${page}`);
    names.push(...list.items.map((r) => r.name));
  }
  const featureIds: string[] = [];
  for (const r of REGIONS.slice(0, 3)) {
    const list = await get<{ items?: { id: string }[] }>(
      `/v3_0/feature/Tabular?parcellation_id=${q(JBA31)}&region_id=${q(r)}&page=1&size=50`,
    );
    featureIds.push(...(list.items ?? []).slice(0, 2).map((i) => i.id));
  }
  const statistical = await get<{ indices: Record<string, unknown> }>(
    `/v3_0/map?map_type=STATISTICAL&parcellation_id=${q(JBA31)}&space_id=${q(MNI152)}`,
  );
  return {
    parcellations: human.parcellations.map((p) => p["@id"]),
    spaces: human.spaces.map((s) => s["@id"]),
    featureIds,
    regionPages: pages,
    regionNames: names,
    statisticalRegions: Object.keys(statistical.indices ?? {}),
    floodFeatureIds: await allFeatureIds(get, names),
  };
}

/** Ids of the tabular features of every region (four lists at a time) and of the connectivity matrices. */
async function allFeatureIds(get: <T>(path: string) => Promise<T>, regions: string[]): Promise<string[]> {
  type List = { items?: { id: string }[] };
  const ids = new Set<string>();
  const connectivity = await get<List>(
    `/v3_0/feature/RegionalConnectivity?parcellation_id=${q(JBA31)}&page=1&size=100`,
  );
  for (const item of connectivity.items ?? []) ids.add(item.id);
  let next = 0;
  const lister = async () => {
    while (next < regions.length) {
      const region = regions[next++];
      const list = await get<List>(
        `/v3_0/feature/Tabular?parcellation_id=${q(JBA31)}&region_id=${q(region)}&page=1&size=100`,
      );
      for (const item of list.items ?? []) ids.add(item.id);
    }
  };
  await Promise.all([lister(), lister(), lister(), lister()]);
  return [...ids];
}

/** One session's requests with their counts (Image lists left out until they are served). */
export function sessionTemplates(d: Discovered): Template[] {
  const t: Template[] = [
    { id: "A1/A2", path: "/v3_0/atlases", count: 2 },
    ...d.parcellations.map((p) => ({ id: "A3", path: `/v3_0/parcellations/${p}`, count: 1 })),
    ...d.spaces.map((s) => ({ id: "A4", path: `/v3_0/spaces/${s}`, count: 1 })),
    { id: "A5", path: `/v3_0/maps?map_type=LABELLED&space_id=${MNI152}&page=1`, count: 1 },
    { id: "A6", path: `/v3_0/maps?map_type=LABELLED&parcellation_id=${JBA31}&page=1`, count: 2 },
    ...[JBA31, JBA303].flatMap((p, k) =>
      Array.from({ length: d.regionPages[k] }, (_, i) => ({
        id: "A7",
        path: `/v3_0/regions?parcellation_id=${p}${i ? `&page=${i + 1}` : ""}`,
        count: 1,
      })),
    ),
    { id: "A8", path: `/v3_0/map?map_type=LABELLED&parcellation_id=${JBA31}&space_id=${MNI152}`, count: 2 },
    { id: "T0", path: "/v3_0/feature/_types", count: 1 },
  ];
  for (const r of REGIONS) {
    t.push({ id: "R1", path: `/v3_0/regions/${q(r)}?parcellation_id=${JBA31}&space_id=${MNI152}`, count: 1 });
    t.push({ id: "R4", path: `/v3_0/regions/${q(r)}/related?parcellation_id=${JBA31}&page=1`, count: 1 });
    // The explorer asks for the statistical map of a mapped region: a hemisphere's for a parent region.
    const mapped = d.statisticalRegions.includes(r) ? r : d.statisticalRegions.find((s) => s.startsWith(`${r} `));
    if (mapped) t.push({ id: "R2", path: statMap(mapped), count: 1 });
    for (const type of ["ReceptorDensityFingerprint", "LayerwiseCellDensity", "LayerwiseBigBrainIntensities"]) {
      t.push({ id: "L1", path: list("Tabular", r, type), count: 1 });
    }
    for (const type of ["ReceptorDensityProfile", "CellDensityProfile", "BigBrainIntensityProfile"]) {
      t.push({ id: "L1", path: list("CorticalProfile", r, type), count: 1 });
    }
  }
  t.push({ id: "R3", path: `/v3_0/maps?parcellation_id=${JBA31}&space_id=${MNI152}&page=1`, count: 1 });
  t.push({ id: "R3", path: "/v3_0/maps/siibra-map-v0.0.1_mni152-jba31-labelled", count: 2 });
  t.push({ id: "C1", path: `/v3_0/feature/RegionalConnectivity?parcellation_id=${JBA31}&page=1`, count: 1 });
  t.push({ id: "P1", path: assign("-10mm,-20mm,30mm"), count: 3 });
  for (const id of d.featureIds.slice(0, 4)) {
    t.push({ id: "F1", path: `/v3_0/feature/${q(id)}`, count: 1 });
    t.push({ id: "F2", path: `/v3_0/feature/${q(id)}/plotly?template=plotly`, count: 1 });
  }
  if (d.featureIds[0]) t.push({ id: "D1", path: `/v3_0/feature/${q(d.featureIds[0])}/download`, count: 1 });
  t.push({ id: "D2", path: `/v3_0/atlas_download?parcellation_id=${JBA31}&space_id=${MNI152}`, count: 1 });
  return t;
}

/**
 * Expensive requests for the flood, by kind, each request distinct so that no response cache helps:
 * the statistical map of every region (a probability map fetched, cropped and gzipped), the plot of
 * every feature in three templates and its download (data fetched from the data host and decoded on
 * first use, then rendered or zipped), and atlas bundles of every parcellation (never cached).
 */
export function floodKinds(d: Discovered): Template[][] {
  const one = (id: string, path: string) => ({ id, path, count: 1 });
  return [
    d.statisticalRegions.map((r) => one("R2", statMap(r))),
    d.floodFeatureIds.flatMap((id) =>
      ["plotly", "plotly_dark", "ggplot2"].map((t) => one("F2", `/v3_0/feature/${q(id)}/plotly?template=${t}`)),
    ),
    d.floodFeatureIds.map((id) => one("D1", `/v3_0/feature/${q(id)}/download`)),
    d.parcellations.map((p) => one("D2", `/v3_0/atlas_download?parcellation_id=${p}&space_id=${MNI152}`)),
  ];
}

/**
 * The flood in one list: the first request of each kind probes whether the kind is served (and is
 * left out, its answer now being cached); the rest are interleaved in proportion to their kind's size,
 * so that any slice of the list (capacity half, flood half) has every kind.
 */
export async function floodTemplates(
  base: string,
  kinds: Template[][],
): Promise<{ kept: Template[]; dropped: string[] }> {
  const keyed: { key: number; t: Template }[] = [];
  const dropped: string[] = [];
  for (const kind of kinds) {
    if (kind.length < 2) continue;
    const probe = await served(base, kind.slice(0, 1));
    if (probe.dropped.length) dropped.push(...probe.dropped);
    else keyed.push(...kind.slice(1).map((t, i, rest) => ({ key: (i + 0.5) / rest.length, t })));
  }
  return { kept: keyed.sort((a, b) => a.key - b.key).map((k) => k.t), dropped };
}

function list(category: string, region: string, type: string): string {
  return `/v3_0/feature/${category}?type=${type}&space_id=${MNI152}&parcellation_id=${JBA31}&region_id=${q(region)}&page=1&size=50`;
}

function statMap(region: string): string {
  return `/v3_0/map/statistical_map.nii.gz?parcellation_id=${JBA31}&space_id=${MNI152}&region_id=${q(region)}`;
}

function assign(point: string): string {
  return `/v3_0/map/assign?parcellation_id=${JBA31}&space_id=${MNI152}&point=${q(point)}&assignment_type=statistical&sigma_mm=0`;
}

/** Expands counts and tags each request with its class (`classOf`: bench/weighted/classes.ts). */
export function expand(templates: Template[], classOf: (target: string) => string): Request[] {
  return templates.flatMap((t) => {
    const cls = classOf(t.path);
    return Array.from({ length: t.count }, () => ({ path: t.path, cls }));
  });
}

/** Keeps the requests the service answers (routes not served yet answer 404 or 422). */
export async function served(base: string, templates: Template[]): Promise<{ kept: Template[]; dropped: string[] }> {
  const kept: Template[] = [];
  const dropped = new Set<string>();
  for (const t of templates) {
    const res = await fetch(base + t.path);
    await res.arrayBuffer();
    if (res.status >= 400) dropped.add(`${t.id} (${res.status})`);
    else kept.push(t);
  }
  return { kept, dropped: [...dropped] };
}

/** The mix as the service at `base` serves it: session templates and flood templates, with what was left out. */
export async function scenario(base: string) {
  const d = await discover(base);
  const session = await served(base, sessionTemplates(d));
  const flood = await floodTemplates(base, floodKinds(d));
  if (flood.kept.length === 0) throw new Error(`no expensive request is served: ${flood.dropped.join(", ")}`);
  return { session, flood, dropped: [...new Set([...session.dropped, ...flood.dropped])] };
}

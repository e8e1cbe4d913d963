import { parcellationBySpec, regionBySpec } from "../../atlas/lookup.ts";
import { AnchorMatcher } from "../anchor-match.ts";
import { decodeSpecies } from "../species.ts";
import { DATA_PROXY_SOURCE, JUGIT_SOURCE } from "../../datasets/kg-store.ts";
import { badData } from "../data-host-error.ts";
import { sortVersions } from "./versions.ts";
import { encodeLqId } from "./lq-id.ts";
import type { AtlasStore } from "../../atlas/store.ts";
import type { Region } from "../../atlas/model.ts";
import type { ByteLru } from "../../lib/byte-lru.ts";
import type { RemoteFetcher } from "../../lib/remote.ts";
import type { FeatureRecord } from "../model.ts";

/**
 * siibra 0.4's `EbrainsFeatureQuery`: EBRAINS datasets linked to brain regions, from the knowledge-graph
 * snapshot `ebrainsquery/v1/parcellationregions/_all.json` (a list of regions with their datasets).
 */
const REGIONS_DOCUMENT = "ebrainsquery/v1/parcellationregions/_all.json";

/** Where the snapshot is read from, in order (siibra's gitlab proxies; the data-proxy mirror first). */
const REGIONS_SOURCES = [DATA_PROXY_SOURCE(REGIONS_DOCUMENT), JUGIT_SOURCE(REGIONS_DOCUMENT)];

/** A dataset linked to a region: what the feature is built from. */
export type LinkedDataset = { id: string; name: string; regionSpec: string; species: string };

type RegionEntry = { name?: unknown; alias?: unknown; datasets?: unknown };

/** Datasets whose name contains one of these are skipped (siibra's `_BLACKLIST`, compared lower-case). */
const BLACKLIST = [
  "Whole-brain parcellation of the Julich-Brain Cytoarchitectonic Atlas",
  "whole-brain collections of cytoarchitectonic probabilistic maps",
  "DiFuMo atlas",
  "Automated Anatomical Labeling (AAL1) atlas",
].map((s) => s.toLowerCase());

/** `(v1.0)` and `[rat, v2.1]` suffixes: datasets named so are versions of one dataset. */
const VERSION_PATTERN = /^(.*?) *[[(][^v]*?(v[0-9].*?)[\])]/;

export type SnapshotDeps = { fetcher: RemoteFetcher; dataCache: ByteLru };

const WHAT = "EbrainsDataFeature (knowledge-graph region snapshot)";

/** The snapshot's entries, parsed once and kept in the data cache; the first source that answers wins. */
function regionSnapshot(deps: SnapshotDeps): Promise<LinkedDataset[]> {
  return deps.dataCache.getOrLoad(`kg:${REGIONS_DOCUMENT}`, async () => {
    let lastError: unknown = null;
    for (const url of REGIONS_SOURCES) {
      try {
        const doc = await deps.fetcher.json(url, { what: WHAT });
        if (!Array.isArray(doc)) throw badData(WHAT, url, "expected a JSON list of regions");
        const value = linkedDatasets(doc as RegionEntry[]);
        return { value, bytes: 200 * value.length + 1024 };
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  });
}

/** Every (region, dataset) pair with a dataset id and a decodable species, in snapshot order. */
function linkedDatasets(entries: RegionEntry[]): LinkedDataset[] {
  const out: LinkedDataset[] = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== "object") continue;
    const regionSpec = [entry.alias, entry.name].find((s): s is string => typeof s === "string" && s !== "");
    if (!regionSpec || !Array.isArray(entry.datasets)) continue;
    for (const ds of entry.datasets as Record<string, unknown>[]) {
      const id = ds?.["@id"];
      if (typeof id !== "string" || !id.includes("dataset")) continue;
      const species = decodeSpecies(ds);
      if (species === null) continue;
      out.push({ id, name: typeof ds.name === "string" ? ds.name : "", regionSpec, species });
    }
  }
  return out;
}

/** A linked dataset as the anchor matcher sees features: region spec and species only. */
function asRecord(d: LinkedDataset): FeatureRecord {
  return {
    anchor: { regionSpec: d.regionSpec, species: d.species, hasLocation: false, text: d.regionSpec },
  } as FeatureRecord;
}

/**
 * `EbrainsFeatureQuery.query(region)`: the linked datasets whose anchor matches the region, minus
 * parcellation datasets and blacklisted names; of datasets named with a version, only the newest
 * version (LooseVersion order) is kept, after the unversioned ones. A dataset linked to several
 * matching regions is listed once (features compare equal by dataset).
 */
function matchDatasets(store: AtlasStore, linked: LinkedDataset[], region: Region): LinkedDataset[] {
  const parcellationDatasets = store.parcellations.flatMap((p) => {
    const v = p.datasets.ebrains["openminds/DatasetVersion"];
    return (Array.isArray(v) ? v : v ? [v] : []).filter((x) => typeof x === "string");
  });
  const records = linked.map(asRecord);
  const matcher = new AnchorMatcher(records, store.vocabularies.regionAliases);
  const out: LinkedDataset[] = [];
  const versioned = new Map<string, Map<string, LinkedDataset>>();
  linked.forEach((d, i) => {
    if (parcellationDatasets.some((p) => d.id.endsWith(p))) return;
    if (BLACKLIST.some((b) => d.name.toLowerCase().includes(b))) return;
    if (!matcher.matches(records[i], region)) return;
    const m = VERSION_PATTERN.exec(d.name);
    if (!m) {
      out.push(d);
      return;
    }
    const versions = versioned.get(m[1]) ?? new Map<string, LinkedDataset>();
    versions.set(m[2], d);
    versioned.set(m[1], versions);
  });
  for (const versions of versioned.values()) {
    const newest = sortVersions([...versions.keys()]).pop();
    if (newest !== undefined) out.push(versions.get(newest) as LinkedDataset);
  }
  const seen = new Set<string>();
  return out.filter((d) => !seen.has(d.id) && seen.add(d.id));
}

/** An EBRAINS data feature of a region: the linked dataset and its live-query (`lq0::`) id. */
export type EbrainsFeature = { dataset: LinkedDataset; id: string };

/**
 * `siibra.features.get(region, "EbrainsDataFeature")`: the list routes and the by-id source both run
 * this query (a live feature is found again by re-running it in its id's context).
 */
export async function ebrainsFeatures(
  ctx: SnapshotDeps & { store: AtlasStore },
  parcellationId: string,
  regionId: string,
): Promise<EbrainsFeature[]> {
  const parcellation = parcellationBySpec(ctx.store, parcellationId);
  const region = regionBySpec(ctx.store, parcellation, regionId);
  const linked = await regionSnapshot(ctx);
  const context = { kind: "region", parcellationId: parcellation.id, regionName: region.name } as const;
  return matchDatasets(ctx.store, linked, region).map((d) => ({
    dataset: d,
    id: encodeLqId("EbrainsDataFeature", context, d.id),
  }));
}

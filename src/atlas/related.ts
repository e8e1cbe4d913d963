import { kgUuid } from "../lib/kg-uuid.ts";
import type { AtlasStore } from "./store.ts";
import type { Region } from "./model.ts";

export type Qualification = "OTHER_VERSION" | "HOMOLOGOUS";
export type Relation = { qualification: Qualification; region: Region };

/** Knowledge-graph snapshot documents (`ebrainsquery/v3/<Type>/<uuid>.json`); null when unreachable. */
export type KgDocuments = {
  get<T>(path: string, parse: (doc: unknown) => T): Promise<T | null>;
  /** The same, saying whether a missing document may still come (its host was down or too slow). */
  lookup?<T>(path: string, parse: (doc: unknown) => T): Promise<{ value: T | null; unavailable: boolean }>;
};

type Ref = { id?: string; type?: string[] | string };
type Assessment = {
  qualitativeOverlap?: { name?: string }[];
  inRelationTo?: Ref[] | Ref;
  relationAssessment?: Ref[] | Ref;
};
type Entity = { hasVersion?: Ref[]; inRelationTo?: Assessment[]; relationAssessment?: Assessment[] };

const PEV = "openminds/ParcellationEntityVersion";
const CAE = "openminds/CustomAnatomicalEntity";
const PE_TYPE = "https://openminds.ebrains.eu/sands/ParcellationEntity";

const uuidOf = (id: string) => kgUuid(id) ?? id;
const idsOf = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const asEntity = (doc: unknown) => (doc && typeof doc === "object" ? (doc as Entity) : {});
const list = <T>(v: T[] | T | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * siibra 0.4's `Region.get_related_regions` (region.py `RegionRelationAssessments`): a region's
 * ParcellationEntityVersion ids lead to their ParcellationEntity, whose other versions are
 * OTHER_VERSION relations and whose `inRelationTo` assessments are HOMOLOGOUS ones;
 * CustomAnatomicalEntity ids (MEBRAINS) carry homologies directly. The entity → versions table is the
 * configuration's terminology file, so version relations need no network; homologies come from the
 * knowledge-graph snapshot when it is reachable and are left out when it is not.
 */
export async function relatedRegions(store: AtlasStore, region: Region, kg: KgDocuments): Promise<Relation[]> {
  const out: Relation[] = [];
  const pevs = idsOf(region.ebrains[PEV]).map(uuidOf);
  const entities = [...new Set(pevs.flatMap((uuid) => store.terminology.entitiesOfVersion(uuid)))];
  for (const entity of entities) {
    for (const version of store.terminology.versionsOf(entity)) {
      if (region.ebrainsValues.includes(version)) continue;
      for (const target of store.regionsByEbrainsId(version))
        out.push({ qualification: "OTHER_VERSION", region: target });
    }
    const doc = await kg.get(`ebrainsquery/v3/ParcellationEntity/${entity}.json`, asEntity);
    for (const assessment of doc?.inRelationTo ?? []) out.push(...(await assessed(store, kg, assessment)));
  }
  for (const cae of idsOf(region.ebrains[CAE]).map(uuidOf)) {
    const doc = await kg.get(`ebrainsquery/v3/CustomAnatomicalEntity/${cae}.json`, asEntity);
    for (const assessment of doc?.relationAssessment ?? []) out.push(...(await assessed(store, kg, assessment)));
  }
  return unique(out);
}

/**
 * Upstream yields one assessment per matching version id, so a region carrying several ids appears
 * several times; clients page through these, so each (qualification, region) pair is kept once.
 */
function unique(relations: Relation[]): Relation[] {
  const seen = new Set<string>();
  return relations.filter((r) => {
    const key = `${r.qualification} ${r.region.parcellation.id} ${r.region.wireId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One relation assessment: only "is homologous to" exists in the snapshots siibra 0.4 reads. */
async function assessed(store: AtlasStore, kg: KgDocuments, assessment: Assessment): Promise<Relation[]> {
  if (assessment.qualitativeOverlap?.[0]?.name !== "is homologous to") return [];
  const out: Relation[] = [];
  for (const target of list(assessment.relationAssessment ?? assessment.inRelationTo)) {
    if (!target.id) continue;
    const uuid = uuidOf(target.id);
    for (const r of store.regionsByEbrainsId(uuid)) out.push({ qualification: "HOMOLOGOUS", region: r });
    if (!list(target.type).includes(PE_TYPE)) continue;
    const pe = await kg.get(`ebrainsquery/v3/ParcellationEntity/${uuid}.json`, asEntity);
    const versions = new Set((pe?.hasVersion ?? []).map((v) => uuidOf(v.id ?? "")));
    for (const v of versions)
      for (const r of store.regionsByEbrainsId(v)) out.push({ qualification: "HOMOLOGOUS", region: r });
  }
  return out;
}

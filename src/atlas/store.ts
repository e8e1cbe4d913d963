import { buildRegistries } from "./build.ts";
import { supportedSpaces } from "./supported-spaces.ts";
import { Terminology } from "./terminology.ts";
import type { ConfigFiles, Vocabularies } from "../config/files.ts";
import type { Atlas, Parcellation, ParcellationMap, Region, Space } from "./model.ts";

/**
 * The atlas data, built once at start and indexed for constant-time look-ups by id.
 * Fuzzy look-ups (registry specs, region specs) live in registry-lookup.ts / region-lookup.ts.
 */
export class AtlasStore {
  readonly atlases: Atlas[];
  readonly spaces: Space[];
  readonly parcellations: Parcellation[];
  readonly vocabularies: Vocabularies;
  readonly terminology: Terminology;
  readonly spaceById: Map<string, Space>;
  readonly parcellationById: Map<string, Parcellation>;
  private readonly buildMaps: () => ParcellationMap[];
  /** `features/…` documents in registry order; src/features builds features from them on first use. */
  readonly featureDocuments: () => [string, unknown][];
  private mapsCache: { list: ParcellationMap[]; byId: Map<string, ParcellationMap> } | null = null;
  private readonly supported = new Map<string, Space[]>();
  private readonly wireIds = new Map<string, Map<string, Region>>();
  private readonly names = new Map<string, Map<string, Region>>();
  private ebrainsIndex: Map<string, Region[]> | null = null;

  constructor(files: ConfigFiles) {
    const reg = buildRegistries(files);
    this.atlases = reg.atlases;
    this.spaces = reg.spaces;
    this.parcellations = reg.parcellations;
    this.buildMaps = reg.maps;
    this.featureDocuments = () => files.files.filter(([path]) => path.startsWith("features/"));
    this.vocabularies = files.vocabularies;
    this.terminology = new Terminology(files.terminology);
    this.spaceById = new Map(this.spaces.map((s) => [s.id, s]));
    this.parcellationById = new Map(this.parcellations.map((p) => [p.id, p]));
  }

  /** The map registry (62 entries on v04_EOL), in registry order. */
  get maps(): ParcellationMap[] {
    return this.mapIndex().list;
  }

  mapById(id: string): ParcellationMap | undefined {
    return this.mapIndex().byId.get(id);
  }

  private mapIndex() {
    if (!this.mapsCache) {
      const list = this.buildMaps();
      // First map wins for duplicate ids, as upstream's linear scan does.
      const byId = new Map<string, ParcellationMap>();
      for (const m of [...list].reverse()) byId.set(m.id, m);
      this.mapsCache = { list, byId };
    }
    return this.mapsCache;
  }

  atlasSpaces(atlas: Atlas): Space[] {
    const ids = new Set(atlas.spaceIds);
    return this.spaces.filter((s) => ids.has(s.id));
  }

  atlasParcellations(atlas: Atlas): Parcellation[] {
    const ids = new Set(atlas.parcellationIds);
    return this.parcellations.filter((p) => ids.has(p.id));
  }

  /** First node in pre-order (root included) with exactly this cleaned name: siibra's exact step. */
  regionByName(parcellation: Parcellation, name: string): Region | undefined {
    let index = this.names.get(parcellation.id);
    if (!index) {
      index = new Map();
      for (const r of [parcellation.root, ...parcellation.regions]) if (!index.has(r.name)) index.set(r.name, r);
      this.names.set(parcellation.id, index);
    }
    return index.get(name);
  }

  /** Region of `parcellation` with this wire `@id` (clients paste the `@id` that `/regions` returns). */
  regionByWireId(parcellation: Parcellation, wireId: string): Region | undefined {
    let index = this.wireIds.get(parcellation.id);
    if (!index) {
      index = new Map(parcellation.regions.map((r) => [r.wireId, r]));
      this.wireIds.set(parcellation.id, index);
    }
    return index.get(wireId);
  }

  /**
   * Regions (registry then pre-order) whose `ebrains` block holds this id: siibra's `region == "<uuid>"`
   * scanned over every parcellation. Roots never match (siibra builds parcellations without their
   * `ebrains` ids). Built on first use.
   */
  regionsByEbrainsId(id: string): Region[] {
    if (!this.ebrainsIndex) {
      const index = new Map<string, Region[]>();
      for (const p of this.parcellations) {
        for (const r of p.regions) {
          for (const v of new Set(r.ebrainsValues)) index.set(v, [...(index.get(v) ?? []), r]);
        }
      }
      this.ebrainsIndex = index;
    }
    return this.ebrainsIndex.get(id) ?? [];
  }

  /** Spaces in which the parcellation is mapped (registry order; memoised). */
  supportedSpaces(parcellation: Parcellation): Space[] {
    let spaces = this.supported.get(parcellation.id);
    if (!spaces) {
      spaces = supportedSpaces(parcellation, this.spaces, this.maps);
      this.supported.set(parcellation.id, spaces);
    }
    return spaces;
  }
}

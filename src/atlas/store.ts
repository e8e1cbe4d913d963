import { buildRegistries } from "./build.ts";
import { supportedSpaces } from "./supported-spaces.ts";
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
  readonly maps: ParcellationMap[];
  readonly vocabularies: Vocabularies;
  readonly spaceById: Map<string, Space>;
  readonly parcellationById: Map<string, Parcellation>;
  readonly mapById: Map<string, ParcellationMap>;
  /** Region wire `@id` → region (clients paste the `@id` that `/regions` returns). */
  readonly regionByWireId: Map<string, Region>;
  private readonly supported = new Map<string, Space[]>();

  constructor(files: ConfigFiles) {
    const reg = buildRegistries(files);
    this.atlases = reg.atlases;
    this.spaces = reg.spaces;
    this.parcellations = reg.parcellations;
    this.maps = reg.maps;
    this.vocabularies = files.vocabularies;
    this.spaceById = new Map(this.spaces.map((s) => [s.id, s]));
    this.parcellationById = new Map(this.parcellations.map((p) => [p.id, p]));
    // First map wins for duplicate ids, as upstream's linear scan does.
    this.mapById = new Map();
    for (const m of [...this.maps].reverse()) this.mapById.set(m.id, m);
    this.regionByWireId = new Map(this.parcellations.flatMap((p) => p.regions.map((r) => [r.wireId, r])));
  }

  atlasSpaces(atlas: Atlas): Space[] {
    const ids = new Set(atlas.spaceIds);
    return this.spaces.filter((s) => ids.has(s.id));
  }

  atlasParcellations(atlas: Atlas): Parcellation[] {
    const ids = new Set(atlas.parcellationIds);
    return this.parcellations.filter((p) => ids.has(p.id));
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

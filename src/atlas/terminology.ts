/**
 * The configuration's `julich_brain_terminolgy.json`: ParcellationEntity (`entity_id`) → its versions
 * (`hasVersion[].entity_id`, ParcellationEntityVersion ids), indexed both ways.
 */
export class Terminology {
  private readonly versions = new Map<string, string[]>();
  private readonly entities = new Map<string, string[]>();

  constructor(raw: unknown[]) {
    for (const item of raw) {
      if (!item || typeof item !== "object") continue;
      const { entity_id: entity, hasVersion } = item as { entity_id?: string; hasVersion?: { entity_id?: string }[] };
      if (!entity) continue;
      const versions = (hasVersion ?? []).map((v) => v.entity_id).filter((v): v is string => typeof v === "string");
      this.versions.set(entity, versions);
      for (const v of versions) this.entities.set(v, [...(this.entities.get(v) ?? []), entity]);
    }
  }

  versionsOf(entity: string): string[] {
    return this.versions.get(entity) ?? [];
  }

  entitiesOfVersion(version: string): string[] {
    return this.entities.get(version) ?? [];
  }
}

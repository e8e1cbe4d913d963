import { describe, expect, test } from "bun:test";
import { AtlasStore } from "../../src/atlas/store.ts";
import { wireIdInput } from "../../src/atlas/build-parcellation.ts";
import { configFiles, golden } from "../_support/app.ts";

type Dict = Record<string, unknown>;
const store = new AtlasStore(await configFiles());
const sha256 = (text: string) => new Bun.CryptoHasher("sha256").update(text).digest("hex");

describe("registries against golden/*.json", () => {
  test("atlases: ids, names, keys, species and registry-ordered spaces/parcellations", async () => {
    const want = await golden<Dict[]>("atlases.json");
    expect(store.atlases.map((a) => a.id)).toEqual(want.map((a) => a["@id"] as string));
    for (const [i, a] of store.atlases.entries()) {
      expect([a.name, a.key, a.species]).toEqual([want[i].name, want[i].key, want[i].species] as string[]);
      expect(store.atlasSpaces(a).map((s) => s.id)).toEqual(want[i].spaces_wire_order as string[]);
      expect(store.atlasParcellations(a).map((p) => p.id)).toEqual(want[i].parcellations_wire_order as string[]);
    }
  });

  test("spaces: order, names, keys, shortnames, species, template volumes", async () => {
    const want = await golden<Dict[]>("spaces.json");
    expect(store.spaces.map((s) => s.id)).toEqual(want.map((s) => s["@id"] as string));
    for (const [i, s] of store.spaces.entries()) {
      const w = want[i];
      expect([s.name, s.key, s.shortName, s.species, s.modality]).toEqual([
        w.name,
        w.key,
        w.shortname,
        w.species,
        w.modality,
      ] as string[]);
      const volumes = w.volumes as Dict[];
      expect(s.volumes.map((v) => [v.name, v.variant, v.providers])).toEqual(
        volumes.map((v) => [v.name, v.variant, v.providers]) as never,
      );
    }
  });

  test("parcellations: names, keys, versions, region counts, supported spaces, wire ids", async () => {
    const want = await golden<Dict[]>("parcellations.json");
    expect(store.parcellations.map((p) => p.id)).toEqual(want.map((p) => p["@id"] as string));
    for (const [i, p] of store.parcellations.entries()) {
      const w = want[i];
      expect([p.name, p.key, p.shortName, p.species, p.modality]).toEqual([
        w.name,
        w.key,
        w.shortname,
        w.species,
        w.modality,
      ] as string[]);
      expect(p.regions.length).toBe(w.n_regions_excl_root as number);
      expect(new Set(p.regions.map((r) => r.id)).size).toBe(w.n_distinct_siibra_region_ids as number);
      expect(new Set(p.regions.map((r) => r.wireId)).size).toBe(w.n_distinct_wire_ids as number);
      expect(
        store
          .supportedSpaces(p)
          .map((s) => s.id)
          .sort(),
      ).toEqual(w.supported_space_ids_sorted as string[]);
      expect(sha256(p.regions.map((r) => r.wireId).join("\n"))).toBe(w.sha256_of_wire_ids_preorder as string);
      const v = w.version as Dict | null;
      expect(
        p.version
          ? {
              name: p.version.name,
              prev: p.version.prev,
              next: p.version.next,
              deprecated: p.version.deprecated,
              collection: p.version.collection,
            }
          : null,
      ).toEqual(v as never);
    }
  });

  test("maps: 62 entries, ids, names, keys, types, species, remapped volumes, first index", async () => {
    const want = await golden<Dict[]>("maps.json");
    expect(store.maps.map((m) => m.id)).toEqual(want.map((m) => m["@id"] as string));
    for (const [i, m] of store.maps.entries()) {
      const w = want[i];
      expect([m.name, m.key, m.maptype, m.parcellationId, m.spaceId, m.species]).toEqual([
        w.name,
        w.key,
        w.maptype,
        w.parcellation,
        w.space,
        w.species,
      ] as string[]);
      expect(m.volumes.length).toBe(w.n_volumes_after_remap as number);
      expect(Object.keys(m.indices).length).toBe(w.n_indices as number);
      const [firstName, firstList] = Object.entries(m.indices)[0];
      expect({ [firstName]: firstList }).toEqual(w.first_index as Record<string, never>);
    }
  });
});

describe("Julich-Brain 3.1 region tree (golden/regions-jba31.json)", async () => {
  const want = await golden<{ parcellation: string; regions: Dict[] }>("regions-jba31.json");
  const p = store.parcellationById.get(want.parcellation)!;
  test("pre-order walk, cleaned names, keys, siibra ids, md5 inputs and wire ids", () => {
    expect(p.regions.length).toBe(want.regions.length);
    for (const [i, r] of p.regions.entries()) {
      const w = want.regions[i];
      expect([r.name, r.key, r.id, r.depth, r.children.length]).toEqual([
        w.name,
        w.key,
        w.siibra_id,
        w.depth,
        w.n_children,
      ] as never[]);
      expect(wireIdInput(r)).toBe(w.md5_input as string);
      expect(r.wireId).toBe(w["@id"] as string);
      expect(r.parent === p.root ? null : [{ "@id": r.parent!.wireId }]).toEqual(w.hasParent as never);
      expect(r.rgb).toBe(w.displayColor as string | null);
    }
  });
});

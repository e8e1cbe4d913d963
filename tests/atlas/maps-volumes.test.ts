import { describe, expect, test } from "bun:test";
import { AtlasStore } from "../../src/atlas/store.ts";
import { volumeModel } from "../../src/serialize/volume.ts";
import { featureTypes } from "../../src/features/types.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { CONFIG_DIR, configFiles, golden } from "../_support/app.ts";

type VolumeWire = {
  name: string;
  variant: string | null;
  formats_sorted: string[];
  provides_mesh: boolean;
  provides_image: boolean;
  fragments: Record<string, string[]>;
  provided_volumes: Record<string, unknown>;
  space: string;
};
type MapGolden = { "@id": string; fragments_sorted: string[]; volume0_wire: VolumeWire };

const store = new AtlasStore(await configFiles());
const datasets = createIdsOnlyDatasetService();

describe("map volumes against golden/maps.json", () => {
  test("volume 0 of every map serialises as upstream's VolumeModel (formats sorted)", async () => {
    const want = await golden<MapGolden[]>("maps.json");
    for (const [i, m] of store.maps.entries()) {
      const v = await volumeModel(m.volumes[0], [], datasets);
      const w = want[i].volume0_wire;
      expect({
        id: m.id,
        name: v.name,
        variant: v.variant,
        formats: v.formats,
        mesh: v.providesMesh,
        image: v.providesImage,
        fragments: v.fragments,
        urls: v.providedVolumes,
        space: v.space["@id"],
      }).toEqual({
        id: m.id,
        name: w.name,
        variant: w.variant,
        formats: w.formats_sorted,
        mesh: w.provides_mesh,
        image: w.provides_image,
        fragments: w.fragments,
        urls: w.provided_volumes as never,
        space: w.space,
      });
    }
  });

  test("fragment names used by each map's indices", async () => {
    const want = await golden<MapGolden[]>("maps.json");
    for (const [i, m] of store.maps.entries()) {
      const fragments = new Set(
        Object.values(m.indices).flatMap((list) => list.map((x) => x.fragment).filter((f): f is string => f !== null)),
      );
      expect([...fragments].sort()).toEqual(want[i].fragments_sorted);
    }
  });
});

describe("map volume datasets (siibra 0.4: Factory.extract_datasets, Subvolume)", () => {
  type RawMap = {
    volumes?: { ebrains?: Record<string, string>; publications?: { name?: string }[] }[];
    indices?: Record<string, { volume?: number; z?: number }[]>;
  };
  const KG_KEYS = ["minds/core/dataset/v1.0.0", "openminds/DatasetVersion", "openminds/Dataset"];

  test("z-frame volumes list no datasets; whole volumes list their ebrains dataset ids in siibra's key order", async () => {
    const want = await golden<(MapGolden & { volume0_wire: { class: string } })[]>("maps.json");
    let frames = 0;
    // Map files by the id siibra gives them (`@id`, else the type and the file's base name).
    const rawMaps = new Map<string, RawMap & { "@id"?: string }>();
    for (const file of new Bun.Glob("maps/*.json").scanSync(CONFIG_DIR)) {
      const doc = JSON.parse(await Bun.file(`${CONFIG_DIR}/${file}`).text()) as RawMap & { "@id"?: string };
      rawMaps.set(doc["@id"] ?? `siibra-map-v0.0.1_${file.slice(5, -5)}`, doc);
    }
    for (const [i, m] of store.maps.entries()) {
      const raw = rawMaps.get(m.id) as RawMap;
      // Volumes in the order the map uses them (first appearance of (volume, z)), as siibra renumbers them.
      const used: { volume: number; z: number | null }[] = [];
      for (const entries of Object.values(raw.indices ?? {}))
        for (const e of entries) {
          const slot = { volume: e.volume ?? 0, z: e.z ?? null };
          if (!used.some((u) => u.volume === slot.volume && u.z === slot.z)) used.push(slot);
        }
      const got = await Promise.all(m.volumes.map((v) => volumeModel(v, [], datasets)));
      expect(got.length).toBe(used.length);
      if (want[i].volume0_wire.class === "Subvolume") expect(used[0].z).not.toBeNull();
      for (const [j, slot] of used.entries()) {
        const spec = raw.volumes?.[slot.volume] ?? {};
        const ebrains = spec.ebrains ?? {};
        const named = (spec.publications ?? [])
          .filter((p) => p.name)
          .map((p) => new Bun.CryptoHasher("md5").update(p.name ?? "").digest("hex"));
        const ids = slot.z === null ? [...KG_KEYS.filter((k) => k in ebrains).map((k) => ebrains[k]), ...named] : [];
        if (slot.z !== null) frames++;
        expect([m.id, j, got[j].datasets.map((d) => d["@id"])]).toEqual([m.id, j, ids]);
      }
    }
    // The five DiFuMo continuous maps: 64 + 128 + 256 + 512 + 1024 frames.
    expect(frames).toBe(1984);
  });
});

describe("template volumes against golden/spaces.json", () => {
  test("every space's default images: name, variant, sorted formats, providers", async () => {
    const want =
      await golden<
        {
          "@id": string;
          volumes: { name: string; variant: string | null; formats_sorted: string[]; providers: unknown }[];
        }[]
      >("spaces.json");
    for (const [i, space] of store.spaces.entries()) {
      const got = await Promise.all(space.volumes.map((v) => volumeModel(v, [], datasets)));
      expect(got.map((v) => [v.name, v.variant, v.formats, v.providedVolumes])).toEqual(
        want[i].volumes.map((v) => [v.name, v.variant, v.formats_sorted, v.providers]) as never,
      );
    }
  });
});

describe("feature type registry against golden/feature-types.json", () => {
  test("32 classes sorted by name, with categories and display names", async () => {
    const want = await golden<{ sorted: { name: string; category: string | null; display_name: string }[] }>(
      "feature-types.json",
    );
    expect(featureTypes().map(({ name, category, display_name }) => ({ name, category, display_name }))).toEqual(
      want.sorted,
    );
  });
});

import { describe, expect, test } from "bun:test";
import { AtlasStore } from "../../src/atlas/store.ts";
import { volumeModel } from "../../src/serialize/volume.ts";
import { featureTypes } from "../../src/features/types.ts";
import { createIdsOnlyDatasetService } from "../../src/datasets/index.ts";
import { configFiles, golden } from "../_support/app.ts";

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
  test("volume 0 of every map serialises as upstream's VolumeModel (formats sorted, decision 4)", async () => {
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

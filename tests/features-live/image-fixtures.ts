/**
 * Neuroglancer precomputed `info` / `transform.json` files for every configured image, in the real
 * formats, at the configuration's URL paths under one local host. Each image gets its own position
 * so boxes and bbox filters can be told apart; the expected boxes are computed here by hand.
 */
import { Glob } from "bun";
import { CONFIG_DIR } from "../_support/app.ts";
import type { Route } from "../remote/fixture-server.ts";

export const BIGBRAIN = "minds/core/referencespace/v1.0.0/a1655b99-82f1-420f-a3c2-fe80fd4c8588";
export const MNI152 = "minds/core/referencespace/v1.0.0/dafcffc5-4826-4bf1-8ff6-46b8a31ff8e2";

export type ConfiguredImage = {
  file: string;
  doc: Record<string, unknown> & { name: string; modality: string; space: { "@id": string } };
  url: string;
  hasBox: boolean;
};

/** The configuration's image files, read directly (not through the code under test), sorted by path. */
export async function configuredImages(): Promise<ConfiguredImage[]> {
  const files = [...new Glob("features/images/**/*.json").scanSync(CONFIG_DIR)].sort();
  return Promise.all(
    files.map(async (file) => {
      const doc = (await Bun.file(`${CONFIG_DIR}/${file}`).json()) as ConfiguredImage["doc"];
      const url = (doc.providers as Record<string, string>)["neuroglancer/precomputed"];
      return { file, doc, url, hasBox: "boundingbox" in doc };
    }),
  );
}

export const HOST_RULES = (origin: string): [string, string][] => [
  ["https://1um.brainatlas.eu/", `${origin}/1um/`],
  ["https://neuroglancer.humanbrainproject.eu/", `${origin}/ngh/`],
  ["https://data-proxy.ebrains.eu/", `${origin}/dp/`],
];

/** The fixture path a configured URL is remapped to. */
export function fixturePath(url: string): string {
  return url
    .replace("https://1um.brainatlas.eu/", "/1um/")
    .replace("https://neuroglancer.humanbrainproject.eu/", "/ngh/")
    .replace("https://data-proxy.ebrains.eu/", "/dp/");
}

export type Placement = { min: number[]; max: number[] };

/**
 * Image `i`: 10 × 20 × 2 voxels of 1 mm (1e6 nm), shifted by `i` mm in x. Every third image has its
 * x axis flipped (the box is then [shift − 10, shift]); every fifth has no transform.json (identity,
 * box [0, 10] × [0, 20] × [0, 2]).
 */
export function placement(i: number): Placement {
  if (i % 5 === 4) return { min: [0, 0, 0], max: [10, 20, 2] };
  if (i % 3 === 2) return { min: [i - 10, 0, 0], max: [i, 20, 2] };
  return { min: [i, 0, 0], max: [i + 10, 20, 2] };
}

function transformOf(i: number): number[][] | null {
  if (i % 5 === 4) return null;
  const sx = i % 3 === 2 ? -1 : 1;
  return [
    [sx, 0, 0, i * 1e6],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
}

const info = {
  "@type": "neuroglancer_multiscale_volume",
  type: "image",
  data_type: "uint8",
  num_channels: 1,
  scales: [
    {
      key: "1mm",
      size: [10, 20, 2],
      resolution: [1e6, 1e6, 1e6],
      voxel_offset: [0, 0, 0],
      chunk_sizes: [[64, 64, 64]],
      encoding: "raw",
    },
    {
      key: "2mm",
      size: [5, 10, 1],
      resolution: [2e6, 2e6, 2e6],
      voxel_offset: [0, 0, 0],
      chunk_sizes: [[64, 64, 64]],
      encoding: "raw",
    },
  ],
};

/** Routes for every image without a configured box; `placements` by configured URL. */
export function imageRoutes(images: ConfiguredImage[]): {
  routes: Record<string, Route>;
  placements: Map<string, Placement>;
} {
  const routes: Record<string, Route> = {};
  const placements = new Map<string, Placement>();
  images.forEach((img, i) => {
    if (img.hasBox) return;
    const path = fixturePath(img.url);
    routes[`${path}/info`] = { body: JSON.stringify(info) };
    const t = transformOf(i);
    if (t) routes[`${path}/transform.json`] = { body: JSON.stringify(t) };
    placements.set(img.url, placement(i));
  });
  return { routes, placements };
}

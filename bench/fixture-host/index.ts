/**
 * A local fixture data host for benchmarks: small but real-format files at the configuration's URL
 * paths (Julich-Brain 3.1 / MNI152 volumes, feature data), served by Bun.serve on 127.0.0.1:0, with the
 * `SIIBRA_API_REMAP_PROVIDERS` value that points the service at it. Generated files are cached in the
 * temp directory under a digest of the configuration files read and of this generator's sources, so
 * only the first run after a change pays the generation (~seconds, mostly gzip of the volumes).
 */
import { mkdirSync, readdirSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { featureDocs, featureFiles } from "./features.ts";
import { remapRules } from "./origins.ts";
import { LABELLED_MAP, STATISTICAL_MAP, volumeFiles } from "./volumes.ts";
import type { Files } from "./origins.ts";

export type DataHost = {
  origin: string;
  /** Value for `SIIBRA_API_REMAP_PROVIDERS`. */
  remap: string;
  files: Files;
  /** Requests answered so far (a check that the service really reads from here). */
  hits(): number;
  stop(): void;
};

async function digest(config: string): Promise<string> {
  const hash = new Bun.CryptoHasher("sha256");
  const sources = readdirSync(import.meta.dir).sort();
  for (const name of sources) hash.update(await Bun.file(`${import.meta.dir}/${name}`).arrayBuffer());
  for (const path of [LABELLED_MAP, STATISTICAL_MAP]) hash.update(await Bun.file(`${config}/${path}`).arrayBuffer());
  for (const doc of await featureDocs(config)) hash.update(JSON.stringify(doc));
  return hash.digest("hex").slice(0, 16);
}

async function generate(config: string): Promise<Files> {
  const files: Files = new Map();
  await volumeFiles(config, files);
  featureFiles(await featureDocs(config), files);
  return files;
}

/** Cache layout: index.json (path → [offset, length]) and blob.bin, written to a temp name then renamed. */
async function cached(config: string): Promise<Files> {
  const dir = `${tmpdir()}/siibra-bench-data-${await digest(config)}`;
  const index = Bun.file(`${dir}/index.json`);
  if (await index.exists()) {
    const entries = (await index.json()) as [string, number, number][];
    const blob = new Uint8Array(await Bun.file(`${dir}/blob.bin`).arrayBuffer());
    return new Map(entries.map(([path, at, n]) => [path, blob.subarray(at, at + n)]));
  }
  const files = await generate(config);
  const tmp = `${dir}.${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  const entries: [string, number, number][] = [];
  let at = 0;
  for (const [path, body] of files) {
    entries.push([path, at, body.byteLength]);
    at += body.byteLength;
  }
  await Bun.write(`${tmp}/blob.bin`, new Blob([...files.values()]));
  await Bun.write(`${tmp}/index.json`, JSON.stringify(entries));
  try {
    renameSync(tmp, dir);
  } catch {
    // Another run wrote the same cache meanwhile: its copy is as good.
  }
  return files;
}

export async function startDataHost(config: string): Promise<DataHost> {
  const files = await cached(config);
  let hits = 0;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      hits++;
      const body = files.get(new URL(req.url).pathname);
      return body ? new Response(body) : new Response("not found", { status: 404 });
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return { origin, remap: remapRules(origin), files, hits: () => hits, stop: () => server.stop(true) };
}

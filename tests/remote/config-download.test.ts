import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CONFIG_COMMIT,
  createDownloadFetcher,
  defaultCacheDir,
  ensureConfiguration,
  VOCABULARY_FILES,
  VOCABULARY_TAG,
} from "../../src/config/download.ts";
import { createRemoteFetcher, HostNotAllowedError } from "../../src/lib/remote.ts";
import { startFaultHost } from "../_support/fault-host.ts";
import { closedOrigin, serveFixture } from "./fixture-server.ts";
import type { Route } from "./fixture-server.ts";
import {
  LONG_CONTENT,
  LONG_PATH,
  makeTar,
  removeTmpDirs,
  SAMPLE_FILES,
  SHARED_CONFIG,
  stageTree,
  tmpDir,
} from "./tar-fixture.ts";
import { VOCAB_DIR } from "../_support/app.ts";

const TOP = `siibra-configurations-${CONFIG_COMMIT}`;
const ARCHIVE_PATH = `/FZJ-INM1-BDA/siibra-configurations/archive/${CONFIG_COMMIT}.tar.gz`;
const VOCAB_PATH = (f: string) => `/FZJ-INM1-BDA/siibra-python/${VOCABULARY_TAG}/siibra/vocabularies/${f}`;
const SHARED_VOCAB = VOCAB_DIR;

function githubFixture(archive: Route): ReturnType<typeof serveFixture> {
  const routes: Record<string, Route> = { [ARCHIVE_PATH]: archive };
  for (const f of VOCABULARY_FILES)
    routes[VOCAB_PATH(f)] = { body: new Uint8Array(readFileSync(join(SHARED_VOCAB, f))) };
  return serveFixture(routes);
}

/** The rejection of `p` (fails the test if `p` resolves). */
async function failure(p: Promise<unknown>): Promise<Error> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error("expected a rejection with an Error");
  return outcome;
}

/** Both GitHub hosts point at the fixture ("https://github.com" is no substring of the raw host). */
const fetcherFor = (origin: string) =>
  createRemoteFetcher({
    remap: [
      ["https://github.com", origin],
      ["https://raw.githubusercontent.com", origin],
    ],
  });

describe("ensureConfiguration", () => {
  afterAll(removeTmpDirs);
  const github = githubFixture({ body: makeTar(stageTree(TOP), TOP, "pax", true) });
  afterAll(() => github.stop());

  test("downloads, extracts below <cacheDir>/siibra-configurations-<commit>/, then reuses it", async () => {
    const cacheDir = join(tmpDir("cache"), "nested", "cache");
    const fetcher = fetcherFor(github.origin);
    const dirs = await ensureConfiguration({ cacheDir, fetcher });
    expect(dirs).toEqual({
      configDir: join(cacheDir, TOP),
      vocabDir: join(cacheDir, `siibra-vocabularies-${VOCABULARY_TAG}`),
    });
    for (const rel of SAMPLE_FILES) {
      expect(readFileSync(join(dirs.configDir, rel)).equals(readFileSync(join(SHARED_CONFIG, rel)))).toBe(true);
    }
    expect(readFileSync(join(dirs.configDir, LONG_PATH), "utf8")).toBe(LONG_CONTENT);
    for (const f of VOCABULARY_FILES) {
      expect(readFileSync(join(dirs.vocabDir, f)).equals(readFileSync(join(SHARED_VOCAB, f)))).toBe(true);
    }
    expect(readdirSync(cacheDir).sort()).toEqual([TOP, `siibra-vocabularies-${VOCABULARY_TAG}`].sort()); // no .tmp-*
    expect(github.hitsFor(ARCHIVE_PATH)).toBe(1);

    expect(await ensureConfiguration({ cacheDir, fetcher })).toEqual(dirs);
    expect(github.hitsFor(ARCHIVE_PATH)).toBe(1);
    for (const f of VOCABULARY_FILES) expect(github.hitsFor(VOCAB_PATH(f))).toBe(1);
  });

  test("a failed download is one line naming SIIBRA_USE_CONFIGURATION and the URL, and leaves nothing behind", async () => {
    const missing = githubFixture({ body: "gone", status: 404 });
    try {
      const cacheDir = tmpDir("cache");
      const { message } = await failure(ensureConfiguration({ cacheDir, fetcher: fetcherFor(missing.origin) }));
      expect(message).not.toContain("\n");
      expect(message).toContain("SIIBRA_USE_CONFIGURATION");
      expect(message).toContain(`https://github.com${ARCHIVE_PATH}`);
      expect(message).toContain("HTTP 404");
      expect(readdirSync(cacheDir)).toEqual([]);
    } finally {
      missing.stop();
    }
  });

  test("an unreachable host and a corrupt archive fail the same way", async () => {
    const closed = await failure(
      ensureConfiguration({ cacheDir: tmpDir("cache"), fetcher: fetcherFor(closedOrigin()) }),
    );
    expect(closed.message).toContain("SIIBRA_USE_CONFIGURATION");

    const corrupt = githubFixture({ body: "this is not gzip" });
    try {
      const cacheDir = tmpDir("cache");
      const err = await failure(ensureConfiguration({ cacheDir, fetcher: fetcherFor(corrupt.origin) }));
      expect(err.message).not.toContain("\n");
      expect(err.message).toContain("cannot extract");
      expect(err.message).toContain(`https://github.com${ARCHIVE_PATH}`);
      expect(existsSync(join(cacheDir, TOP))).toBe(false);
      expect(readdirSync(cacheDir)).toEqual([]);
    } finally {
      corrupt.stop();
    }
  });
});

describe("defaultCacheDir", () => {
  test("SIIBRA_CACHEDIR, then XDG_CACHE_HOME/siibra-edge, then ~/.cache/siibra-edge", () => {
    expect(defaultCacheDir({ siibraCacheDir: "/c", xdgCacheHome: "/x", home: "/h" })).toBe("/c");
    expect(defaultCacheDir({ xdgCacheHome: "/x", home: "/h" })).toBe("/x/siibra-edge");
    expect(defaultCacheDir({ home: "/h" })).toBe("/h/.cache/siibra-edge");
  });
});

describe("createDownloadFetcher", () => {
  afterAll(removeTmpDirs);
  const CODELOAD = `/FZJ-INM1-BDA/siibra-configurations/tar.gz/${CONFIG_COMMIT}`;

  test("follows github.com's redirect to codeload.github.com, as the real archive URL does", async () => {
    const github = await startFaultHost({
      faults: { [ARCHIVE_PATH]: { kind: "redirect", to: `https://codeload.github.com${CODELOAD}` } },
    });
    const codeload = await startFaultHost({ files: { [CODELOAD]: makeTar(stageTree(TOP), TOP, "pax", true) } });
    const raw = await startFaultHost();
    for (const f of VOCABULARY_FILES) raw.setFile(VOCAB_PATH(f), new Uint8Array(readFileSync(join(SHARED_VOCAB, f))));
    try {
      const fetcher = createDownloadFetcher([
        github.remapFrom("https://github.com"),
        codeload.remapFrom("https://codeload.github.com"),
        raw.remapFrom("https://raw.githubusercontent.com"),
      ]);
      const dirs = await ensureConfiguration({ cacheDir: tmpDir("cache"), fetcher });
      expect(readFileSync(join(dirs.configDir, LONG_PATH), "utf8")).toBe(LONG_CONTENT);
      expect([github.hits(ARCHIVE_PATH), codeload.hits(CODELOAD)]).toEqual([1, 1]);
    } finally {
      await Promise.all([github.stop(), codeload.stop(), raw.stop()]);
    }
  });

  test("refuses hosts other than GitHub's, also as a redirect target", async () => {
    const elsewhere = await startFaultHost({ files: { "/a.tar.gz": "x" } });
    const github = await startFaultHost({
      faults: { [ARCHIVE_PATH]: { kind: "redirect", to: `${elsewhere.origin}/a.tar.gz` } },
    });
    try {
      const fetcher = createDownloadFetcher([github.remapFrom("https://github.com")]);
      const err = await failure(ensureConfiguration({ cacheDir: tmpDir("cache"), fetcher }));
      expect(err.message).toContain("not allowed");
      expect(err.message).toContain("SIIBRA_USE_CONFIGURATION");
      await expect(fetcher.bytes("https://example.org/x")).rejects.toBeInstanceOf(HostNotAllowedError);
      expect(elsewhere.hits()).toBe(0);
    } finally {
      await Promise.all([github.stop(), elsewhere.stop()]);
    }
  });
});

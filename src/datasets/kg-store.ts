/**
 * Fetches knowledge-graph snapshot documents (`ebrainsquery/…/<uuid>.json`) with a short time budget,
 * and never rejects: a document that cannot be had resolves to null. With `URL_SOURCE` it serves any
 * JSON document by URL the same way (mesh indices of neuroglancer hosts).
 *
 * - successes are cached for the process lifetime (the snapshots are immutable per uuid);
 * - failures are cached for `failureTtlMs`, and a source that fails with a network error or timeout is
 *   skipped for `failureTtlMs`, so an unreachable host costs one timeout per minute, not one per request
 *   (nor one per uuid);
 * - concurrent lookups of the same document share one fetch.
 *
 * Unbounded on purpose: the uuids come from the configuration's dataset references and from the
 * snapshot documents those lead to, never from a request, so the maps are bounded by both.
 */
import { RemoteUnavailableError } from "../lib/remote.ts";
import { hostOf } from "../lib/remote-errors.ts";
import type { RemoteFetcher } from "../lib/remote.ts";

/** Maps a document path (`ebrainsquery/v3/Dataset/<uuid>.json`) to a URL. */
export type KgSource = (path: string) => string;

/**
 * The anonymous data-proxy bucket `reference-atlas-data` (siibra's related-region code reads
 * `ebrainsquery/v3/…` from it; siibra-api tooling reads DatasetVersion files there).
 */
export const DATA_PROXY_SOURCE: KgSource = (path) =>
  `https://data-proxy.ebrains.eu/api/v1/buckets/reference-atlas-data/${path}`;

/** siibra 0.4a106's own source: the jugit snapshot repository (project 7846, branch master), per file. */
export const JUGIT_SOURCE: KgSource = (path) =>
  `https://jugit.fz-juelich.de/api/v4/projects/7846/repository/files/${encodeURIComponent(path)}/raw?ref=master`;

/** Paths that are absolute URLs already (mesh indices on neuroglancer hosts). */
export const URL_SOURCE: KgSource = (url) => url;

export type KgStoreOptions = {
  fetcher: RemoteFetcher;
  /** Budget per document across all sources (default 3000 ms). */
  timeoutMs?: number;
  /** How long failures are remembered (default 60 s). */
  failureTtlMs?: number;
  /** Tried in order; a 404 or outage falls through to the next (default data-proxy, then jugit). */
  sources?: KgSource[];
  /** Clock, injectable for tests. */
  now?: () => number;
};

/** `missing`: every source answered that the document is not there (a 4xx or a bad body), a steady state. */
type Entry = { ok: true; value: unknown } | { ok: false; until: number; missing: boolean };

/** A look-up's result: the document, or null and whether that is because a source could not be reached. */
export type KgLookup<T> = { value: T | null; unavailable: boolean };

/**
 * A source that answered, just not with this document (a 4xx, a body that does not parse or is not the
 * document expected): nothing that time would change.
 */
const answered = (err: unknown) =>
  !(err instanceof RemoteUnavailableError) ||
  err.kind === "body" ||
  (err.kind === "http" && err.httpStatus !== null && err.httpStatus < 500);

export class KgStore {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Outages by source and host: an identity source (mesh indices) spans hosts, one down host is not all. */
  private readonly downUntil = new Map<string, number>();
  private readonly timeoutMs: number;
  private readonly failureTtlMs: number;
  private readonly sources: KgSource[];
  private readonly now: () => number;

  constructor(private readonly opts: KgStoreOptions) {
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.failureTtlMs = opts.failureTtlMs ?? 60_000;
    this.sources = opts.sources ?? [DATA_PROXY_SOURCE, JUGIT_SOURCE];
    this.now = opts.now ?? Date.now;
  }

  /** The parsed document, or null when no source delivered it within the budget. */
  async get<T>(path: string, parse: (doc: unknown) => T): Promise<T | null> {
    return (await this.lookup(path, parse)).value;
  }

  /** The same, saying whether a missing document may still come (a source was down or too slow). */
  async lookup<T>(path: string, parse: (doc: unknown) => T): Promise<KgLookup<T>> {
    const hit = this.cache.get(path);
    if (hit?.ok) return { value: hit.value as T, unavailable: false };
    if (hit && this.now() < hit.until) return { value: null, unavailable: !hit.missing };
    let pending = this.inflight.get(path);
    if (!pending) {
      pending = this.load(path, parse).finally(() => this.inflight.delete(path));
      this.inflight.set(path, pending);
    }
    return (await pending) as KgLookup<T>;
  }

  private async load<T>(path: string, parse: (doc: unknown) => T): Promise<KgLookup<T>> {
    const deadline = this.now() + this.timeoutMs;
    let missing = true;
    for (const [i, source] of this.sources.entries()) {
      const url = source(path);
      const breaker = `${i} ${hostOf(url)}`;
      if (this.now() < (this.downUntil.get(breaker) ?? 0)) {
        missing = false;
        continue;
      }
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        missing = false;
        break;
      }
      try {
        const what = `dataset metadata ${path}`;
        const value = parse(await this.opts.fetcher.json(url, { timeoutMs: remaining, what }));
        this.cache.set(path, { ok: true, value });
        return { value, unavailable: false };
      } catch (err) {
        if (!answered(err)) missing = false;
        // Only outages open the breaker (the fetcher also remembers them per host); a 404 or a bad
        // body concerns this document alone. Nothing is rethrown: metadata degrades to ids-only.
        const outage = err instanceof RemoteUnavailableError && (err.kind === "network" || err.kind === "timeout");
        if (outage) this.downUntil.set(breaker, this.now() + this.failureTtlMs);
      }
    }
    this.cache.set(path, { ok: false, until: this.now() + this.failureTtlMs, missing });
    return { value: null, unavailable: !missing };
  }
}

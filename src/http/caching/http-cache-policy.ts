import { etagEpoch, ifNoneMatchHits, keyEtag } from "./etag.ts";
import { responseCacheKey } from "./response-cache.ts";
import { SNIPPET_ACCEPT } from "../response/run-job.ts";
import { Lru } from "../../lib/lru.ts";
import type { HttpCacheConfig } from "./http-cache-config.ts";
import type { RequestTarget } from "../request/request-target.ts";
import type { CacheClass, Policy } from "../request/route-policy.ts";

/** What HTTP caching does with one request, decided before anything runs. */
export type CacheDecision = {
  /** The route's class, or `uncacheable` for requests with `Authorization`. */
  cacheClass: CacheClass;
  /** The answer depends on `Accept` (the code-snippet trigger). */
  varyAccept: boolean;
  /** Metadata and files only; null for classes that must not be revalidated by key. */
  etag: string | null;
  /** Upstream's bypass headers (`x-bypass-fastapi-cache`, `cache-control: no-cache`): build a fresh answer. */
  bypass: boolean;
  /** `If-None-Match` names this request's ETag: answer 304 without running anything. */
  notModified: boolean;
  /**
   * Upstream's response cache would store a 404 envelope of this request. Of its skip rules only `find=`
   * is left to check here: the others (`bbox=`, `Authorization`, tasks, metrics, snippets) are classes already.
   */
  keeps404: boolean;
};

const NO_STORE = { "cache-control": "no-store" };

export class HttpCachePolicy {
  constructor(
    private readonly config: HttpCacheConfig,
    private readonly version: string,
    private readonly dataVersion: string,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * Null when HTTP caching is switched off (responses then carry no caching headers at all). The class
   * is the matched route's (`policy`); `Authorization` makes any request uncacheable.
   */
  decide(request: Request, target: RequestTarget, policy: Policy): CacheDecision | null {
    if (!this.config.enabled) return null;
    const headers = request.headers;
    const snippet = headers.get("accept") === SNIPPET_ACCEPT;
    const authorization = headers.has("authorization");
    const epoch = etagEpoch(this.now(), this.config.etagEpochSeconds);
    const cacheClass = authorization ? "uncacheable" : policy.cache;
    const varyAccept = !authorization && policy.varyAccept;
    const etag = cacheClass === "metadata" || cacheClass === "files" ? this.etagOf(target, snippet, epoch) : null;
    const bypass = Boolean(headers.get("x-bypass-fastapi-cache")) || headers.get("cache-control") === "no-cache";
    const notModified = etag !== null && !bypass && ifNoneMatchHits(headers.get("if-none-match"), etag);
    return { cacheClass, varyAccept, etag, bypass, notModified, keeps404: policy.keeps404 };
  }

  /** Bounded by bytes: ~7,000 typical targets, or a few hundred of the longest a client can send. */
  private readonly memo = new Lru<string>(4 * 1024 * 1024);

  /**
   * The ETag depends on these only; clients repeat the same targets, so it is worked out once. Keyed by
   * the request target, not the URL: the host plays no part, and the warm-up's requests (sent to
   * `localhost`) then serve the first visitor's too.
   */
  private etagOf(target: RequestTarget, snippet: boolean, epoch: number): string {
    const memoKey = `${snippet ? 1 : 0} ${epoch} ${target.target}`;
    let etag = this.memo.get(memoKey);
    if (etag === undefined) {
      etag = keyEtag(responseCacheKey(target, this.version, this.dataVersion), snippet, epoch);
      // Targets are request input (up to the server's header limit): weighed by their length.
      this.memo.set(memoKey, etag, memoKey.length * 2 + 128);
    }
    return etag;
  }

  /** Caching headers of the final answer: by class for 200s and 404 envelopes, `no-store` for the rest. */
  headersFor(decision: CacheDecision, status: number, contentType: string | null): Record<string, string> {
    const { cacheClass, varyAccept } = decision;
    const vary: Record<string, string> = varyAccept ? { vary: "Accept" } : {};
    // Upstream's cache keeps 404 envelopes (JSON) besides successes; they get the metadata lifetime.
    const envelope404 = status === 404 && decision.keeps404 && (contentType ?? "").startsWith("application/json");
    if (status !== 200 && !envelope404) return NO_STORE;
    if (cacheClass === "live")
      return { "cache-control": `private, max-age=${this.config.maxAgeSeconds.live}`, ...vary };
    if (decision.etag === null) return NO_STORE;
    const maxAge =
      cacheClass === "files" && status === 200 ? this.config.maxAgeSeconds.files : this.config.maxAgeSeconds.metadata;
    return { "cache-control": this.publicControl(maxAge), etag: decision.etag, ...vary };
  }

  /** 304 with the validators and caching headers a 200 would carry (RFC 9110 §15.4.5). */
  notModifiedResponse(decision: CacheDecision): Response {
    const headers = this.headersFor(decision, 200, null);
    return new Response(null, { status: 304, headers });
  }

  private publicControl(maxAge: number): string {
    const swr = this.config.staleWhileRevalidateSeconds;
    return `public, max-age=${maxAge}${swr > 0 ? `, stale-while-revalidate=${swr}` : ""}`;
  }
}

/** The policy of an app's services (the app and the Workers entry build the same one). */
export function httpCachePolicy(services: { httpCache: HttpCacheConfig; version: string; dataVersion: string }) {
  return new HttpCachePolicy(services.httpCache, services.version, services.dataVersion);
}

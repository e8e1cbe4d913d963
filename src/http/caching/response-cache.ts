import type { Context, MiddlewareHandler } from "hono";
import type { ResponseCache } from "../../cache/types.ts";
import type { AppEnv } from "../env.ts";
import { gunzipBase64, gzipBase64 } from "../../cache/gzip-base64.ts";
import type { RequestTarget } from "../request/request-target.ts";

export type ResponseCacheOptions = {
  cache: ResponseCache;
  /** `x-siibra-api-version`; upstream's key prefix `[<version>]`. */
  version: string;
  /** Identifies the served data (configuration, remaps): a change must not serve stale entries. */
  dataVersion: string;
  /** Upstream sets none (a release changes the key space); a TTL bounds Redis growth from 404 scans. */
  ttlSeconds?: number;
  onHit?: (key: string) => void;
  /** A cacheable GET not answered from the cache (absent, bypassed or unreadable entry). */
  onMiss?: (key: string) => void;
  /** Stored entries that cannot be decoded, or bodies that cannot be compressed. */
  onError?: (error: unknown) => void;
};

/**
 * Read and write skipped (upstream's `do_not_cache_list` and skip rules, docs/upstream.md): routes whose
 * policy says so (metrics, OpenAPI, tasks, `/about`, `/ready`: docs/decisions.md#ready-never-cached),
 * non-GET, `bbox=` and `find=` queries (the policy's `stored`), and requests with credentials or asking
 * for a code snippet.
 */
function uncacheable(c: Context<AppEnv>): boolean {
  return (
    !c.get("policy").stored ||
    c.req.header("authorization") !== undefined ||
    c.req.header("accept") === "text/x-sapi-python"
  );
}

/** Read skipped, write still done: lets an operator refresh one entry. */
function bypassesRead(c: Context): boolean {
  return Boolean(c.req.header("x-bypass-fastapi-cache")) || c.req.header("cache-control") === "no-cache";
}

/** `siibra-edge:<dataVersion>:[<version>] <decoded path><raw query>` — upstream's key behind our prefix. */
export function responseCacheKey(target: RequestTarget, version: string, dataVersion: string): string {
  return `siibra-edge:${dataVersion}:[${version}] ${target.path}${target.query}`;
}

/** Only 404 envelopes are stored besides successes; anything else replays as 200. */
function hitStatus(body: string): number {
  // Envelopes start with `{"error"`; checking first spares parsing multi-MB feature bodies on every hit.
  if (!/^\s*\{\s*"error"/.test(body)) return 200;
  try {
    const parsed = JSON.parse(body) as { error?: unknown; status_code?: unknown };
    return parsed.error && parsed.status_code === 404 ? 404 : 200;
  } catch {
    return 200;
  }
}

/** The stored body, or null when absent or undecodable (then it is a miss and gets rewritten). */
async function decodeStored(stored: string | null, onError?: (error: unknown) => void): Promise<string | null> {
  if (stored === null) return null;
  // Upstream stored plain JSON before compressing; such entries are served as they are.
  if (stored.startsWith("{") && stored.endsWith("}")) return stored;
  try {
    return await gunzipBase64(stored);
  } catch (error) {
    onError?.(error);
    return null;
  }
}

/** On Workers the write outlives the response; elsewhere it is awaited (bounded by the cache's timeout). */
async function afterResponse(c: Context, task: Promise<void>): Promise<void> {
  try {
    c.executionCtx.waitUntil(task);
  } catch {
    await task;
  }
}

/**
 * siibra-api's Redis response cache (docs/decisions.md#response-cache-keys): GET only, JSON 200s and 404 envelopes
 * stored as base64(gzip(body)), hits replayed with `x-fastapi-cache: hit`. Mount it inside the
 * access log (which reports hits) and the version/CORS layer (which decorates hits too).
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler<AppEnv> {
  const { cache, version, dataVersion, ttlSeconds, onHit, onMiss, onError } = options;
  if (cache.disabled) return async (_c, next) => next();
  return async (c, next) => {
    if (uncacheable(c)) return next();
    const key = responseCacheKey(c.get("target"), version, dataVersion);

    if (!bypassesRead(c)) {
      const stored = await cache.get(key);
      const body = cache.encoding === "plain" ? stored : await decodeStored(stored, onError);
      if (body !== null) {
        onHit?.(key);
        return new Response(body, {
          status: hitStatus(body),
          headers: { "content-type": "application/json", "x-fastapi-cache": "hit" },
        });
      }
    }
    onMiss?.(key);

    await next();
    const res = c.res;
    if (res.status !== 200 && res.status !== 404) return;
    // Built around a failed source: kept only by the keep layer, for the failure memory.
    if (c.get("partial")) return;
    if (!(res.headers.get("content-type") ?? "").startsWith("application/json")) return;
    const copy = res.clone();
    const write = (async () => {
      try {
        const text = await copy.text();
        await cache.set(key, cache.encoding === "plain" ? text : await gzipBase64(text), ttlSeconds);
      } catch (error) {
        onError?.(error);
      }
    })();
    await afterResponse(c, write);
  };
}

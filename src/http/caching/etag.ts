import { md5Hex } from "../../lib/md5.ts";

/**
 * A strong ETag known before the body is built: every cacheable answer is a pure function of the
 * response-cache key (data version, service version, decoded path, raw query), of whether `Accept`
 * asked for a code snippet, and of the ETag epoch (see `etagEpoch`).
 */
export function keyEtag(responseKey: string, snippet: boolean, epoch: number): string {
  return `"${md5Hex(`${epoch}\n${snippet ? "snippet" : "json"}\n${responseKey}`)}"`;
}

/**
 * ETags rotate once per epoch so that an answer built while a remote source (the knowledge graph) was
 * unreachable, and kept by a client that keeps revalidating, is replaced after at most one epoch
 * (the response cache bounds its entries the same way). 0 disables rotation.
 */
export function etagEpoch(nowMs: number, epochSeconds: number): number {
  return epochSeconds > 0 ? Math.floor(nowMs / 1000 / epochSeconds) : 0;
}

/**
 * `If-None-Match` uses the weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. `*` is not
 * honoured: whether a representation exists is only known after running the job.
 */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return (t.startsWith("W/") ? t.slice(2) : t) === etag;
  });
}

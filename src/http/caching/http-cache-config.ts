/** HTTP caching settings (README: `SIIBRA_API_HTTP_CACHE`, `SIIBRA_API_MAX_AGE_*`, …), read by the composition root. */
export type HttpCacheConfig = {
  /** Off: no caching headers, no 304s, no Workers cache (upstream's headers: none). */
  enabled: boolean;
  /** `max-age` of each class's answers (`live` ones are `private`). */
  maxAgeSeconds: { metadata: number; files: number; live: number };
  /** Added to public answers when > 0. */
  staleWhileRevalidateSeconds: number;
  /** ETags rotate once per epoch (src/http/caching/etag.ts); 0 = only data and service versions change them. */
  etagEpochSeconds: number;
};

/**
 * The parts of a request URL that upstream's cache keys are made of: the percent-decoded path and the
 * raw (still encoded) query. Split by hand: `URL.search` would re-add the `?` and `URL` may re-encode.
 */
export function rawPathAndQuery(url: string): [string, string] {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return ["/", ""];
  const end = url.indexOf("#", start);
  const target = end === -1 ? url.slice(start) : url.slice(start, end);
  const q = target.indexOf("?");
  return q === -1 ? [target, ""] : [target.slice(0, q), target.slice(q + 1)];
}

/** Fully decoded like upstream's router; malformed `%` sequences stay as they are (as upstream leaves them). */
export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

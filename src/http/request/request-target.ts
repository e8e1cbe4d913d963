/** Fully decoded like upstream's router; malformed `%` sequences stay as they are (as upstream leaves them). */
export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * A request's target, parsed once per request (the first middleware stores it in `c.var.target`)
 * and read by every layer that keys or classifies by it. It holds the parts upstream's cache keys are
 * made of: the percent-decoded path and the raw (still encoded) query. Split by hand: `URL.search`
 * would re-add the `?` and `URL` may re-encode.
 */
export class RequestTarget {
  /** Path and raw query as sent (`/v3_0/regions/a%20b?x=1`): equal targets get equal immutable answers. */
  readonly target: string;
  /** Path as sent, still encoded. */
  readonly rawPath: string;
  /** Raw query string, without `?`. */
  readonly query: string;
  private decoded: string | undefined;

  constructor(url: string) {
    const start = url.indexOf("/", url.indexOf("://") + 3);
    const end = start === -1 ? -1 : url.indexOf("#", start);
    this.target = start === -1 ? "/" : end === -1 ? url.slice(start) : url.slice(start, end);
    const q = this.target.indexOf("?");
    this.rawPath = q === -1 ? this.target : this.target.slice(0, q);
    this.query = q === -1 ? "" : this.target.slice(q + 1);
  }

  /** Percent-decoded path (`decodePath`), worked out when first asked: only cache keys need it. */
  get path(): string {
    this.decoded ??= decodePath(this.rawPath);
    return this.decoded;
  }
}

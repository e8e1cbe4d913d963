/**
 * A job result that is a file (a zip, a NIfTI volume, …) rather than JSON: bytes, their media type and
 * the extra headers the route must send (`content-disposition`, …). Routes send it as is; the queue
 * transport carries it in the outcome store, so role `server` answers the same bytes as role `all`.
 */
export class FileBody {
  constructor(
    readonly bytes: Uint8Array<ArrayBuffer>,
    readonly contentType: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Built around a failed source: kept only for the failure memory (see RawJson). */
    readonly partial = false,
  ) {}

  /** A file is never embedded in a JSON structure; failing loudly beats sending `{}`. */
  toJSON(): never {
    throw new TypeError("FileBody cannot be serialized as JSON");
  }
}

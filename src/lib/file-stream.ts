/**
 * A file answer read as it is sent: role `server` forwards a worker's file from Redis chunk by chunk,
 * never holding it whole. `open` starts a new read each time, so identical requests sharing one
 * answer each get their own stream.
 */
export class FileStream {
  constructor(
    readonly open: () => ReadableStream<Uint8Array>,
    /** Bytes the stream delivers (`content-length`). */
    readonly size: number,
    readonly contentType: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Built around a failed source: kept only for the failure memory (see RawJson). */
    readonly partial = false,
  ) {}

  /** A file is never embedded in a JSON structure; failing loudly beats sending `{}`. */
  toJSON(): never {
    throw new TypeError("FileStream cannot be serialized as JSON");
  }
}

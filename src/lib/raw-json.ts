/**
 * A JSON body that is already serialized (built from memoized fragments, or read from the job outcome
 * store), sent as is instead of being stringified again on every request.
 *
 * `partial`: the answer was built around a source that failed or answered in part (the knowledge
 * graph, a mesh or image host, any remote read). It is served, but kept only as long as that failure
 * is remembered, never by shared caches, so the first request after the source is back gets it whole.
 */
export class RawJson {
  constructor(
    readonly text: string,
    readonly partial = false,
  ) {}

  /** Keeps `JSON.stringify` of a structure that contains one correct. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

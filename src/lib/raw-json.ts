/**
 * A JSON body that is already serialized (built from memoized fragments, or read from the job result
 * store), sent as is instead of being stringified again on every request.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /** Keeps `JSON.stringify` of a structure that contains one correct. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Bytes too large for one Redis value, written as base64 chunks under keys of their own and read back
 * as a stream, chunk by chunk, as the reader takes them: job outcomes and atlas-download zips in roles
 * `server` and `worker` share this one format.
 */
export type ChunkIo = {
  put(index: number, base64: string): Promise<void>;
  /** null when the chunk is gone (expired, evicted). */
  get(index: number): Promise<string | null>;
};

/** Writes `bytes` in order; resolves to the number of chunks. */
export async function writeChunks(io: ChunkIo, bytes: Uint8Array, chunkBytes: number): Promise<number> {
  const count = Math.max(1, Math.ceil(bytes.byteLength / chunkBytes));
  for (let i = 0; i < count; i++) await io.put(i, bytes.subarray(i * chunkBytes, (i + 1) * chunkBytes).toBase64());
  return count;
}

/** The chunks as one stream; a missing chunk fails the transfer rather than sending a truncated file as whole. */
export function readChunks(io: ChunkIo, count: number, what: string): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next >= count) return controller.close();
      const part = await io.get(next);
      if (part === null) return controller.error(new Error(`chunk ${next} of ${what} is gone`));
      controller.enqueue(Uint8Array.fromBase64(part));
      next++;
    },
  });
}

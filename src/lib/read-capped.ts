/**
 * Reads a byte stream to its end, refusing to hold more than `maxBytes`: a body is never trusted to be
 * as long as it claims (Content-Length may lie or be absent, gzip may expand). Runtime-neutral.
 */

/** More bytes arrived than the cap allows; the stream has been cancelled. */
export class OverCapError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * Resolves with every chunk concatenated. Rejects with `OverCapError` past the cap, with the signal's
 * reason when it aborts mid-read (the stream is cancelled either way), or with the stream's own error.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  // A pending read() does not always observe the fetch's signal (e.g. a host that drips bytes):
  // cancelling the reader settles it, so the budget really bounds the transfer.
  const onAbort = () => reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (signal?.aborted) throw signal.reason;
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new OverCapError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (chunks.length === 1 && chunks[0].byteOffset === 0 && chunks[0].buffer instanceof ArrayBuffer) {
    const only = chunks[0] as Uint8Array<ArrayBuffer>;
    if (only.byteLength === only.buffer.byteLength) return only;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

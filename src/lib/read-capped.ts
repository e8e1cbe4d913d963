/**
 * Reads a byte stream to its end, refusing to hold more than `maxBytes`: a body is never trusted to be
 * as long as it claims (Content-Length may lie or be absent, gzip may expand). Runtime-neutral.
 */

const MAX_PREALLOC = 64 * 1024 * 1024;

/** More bytes arrived than the cap allows; the stream has been cancelled. */
export class OverCapError extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * Resolves with every chunk concatenated. Rejects with `OverCapError` past the cap, with the signal's
 * reason when it aborts mid-read (the stream is cancelled either way), or with the stream's own error.
 * `expectedBytes` (a Content-Length) only sizes the buffer up front; the cap is enforced on what arrives.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
  expectedBytes?: number | null,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  // Preallocated only up to a bound: a host declaring a huge length and sending nothing costs nothing.
  const prealloc = expectedBytes != null && expectedBytes <= Math.min(maxBytes, MAX_PREALLOC) ? expectedBytes : 0;
  const sink = new Sink(prealloc);
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
      if (sink.length + value.byteLength > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new OverCapError(maxBytes);
      }
      sink.push(value);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  return sink.bytes();
}

/**
 * Collects chunks into one buffer: written in place while they fit the expected size (no second copy,
 * no garbage per chunk), else kept as a list and joined at the end.
 */
class Sink {
  private buffer: Uint8Array<ArrayBuffer>;
  private chunks: Uint8Array[] | null = null;
  length = 0;

  constructor(expected: number) {
    this.buffer = new Uint8Array(expected);
  }

  push(chunk: Uint8Array): void {
    if (!this.chunks && this.length + chunk.byteLength <= this.buffer.length) {
      this.buffer.set(chunk, this.length);
    } else {
      this.chunks ??= this.length > 0 ? [this.buffer.subarray(0, this.length)] : [];
      this.chunks.push(chunk);
    }
    this.length += chunk.byteLength;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    if (!this.chunks) return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

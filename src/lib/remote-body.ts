/** The body half of a remote request (src/lib/remote.ts): cap, truncation, budget, Content-Encoding. */
import { gunzip, isGzip } from "./gunzip.ts";
import { OverCapError, readCapped } from "./read-capped.ts";
import { RemoteBadDataError, RemoteTimeoutError } from "./remote-errors.ts";
import type { RemoteSubject } from "./remote-errors.ts";

export type BodyContext = {
  /** Size cap of the decoded body. */
  cap: number;
  /** The request's budget signal. */
  signal: AbortSignal;
  /** URL (and remapped target) for messages. */
  label: string;
  subject: RemoteSubject;
  /** Whether the budget ran out (the signal's abort was ours). */
  timedOut: () => boolean;
  budget: number;
};

/**
 * Reads a 2xx body under the cap and the budget: over the cap (declared or counted) → 502, shorter than its
 * Content-Length or broken off → 502 truncated, budget exhausted mid-body → 504. A gzip Content-Encoding
 * that the runtime left encoded (Bun with `decompress: false`) is inflated here, under the same cap.
 */
export async function readBody(response: Response, ctx: BodyContext): Promise<Uint8Array<ArrayBuffer>> {
  const { cap, signal, label, subject, timedOut, budget } = ctx;
  const encoding = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  const gzipped = encoding === "gzip" || encoding === "x-gzip";
  // Content-Length counts the bytes on the wire: compare it only with a body as it came off the wire.
  const declared = encoding === "identity" || gzipped ? contentLength(response) : null;
  const overCap = () => new RemoteBadDataError(label, `body exceeds the ${formatBytes(cap)} cap`, subject);
  if (declared !== null && declared > cap) {
    await discard(response);
    throw overCap();
  }
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw =
      declared !== null && encoding === "identity"
        ? await framed(response)
        : await readCapped(response.body, cap, signal, declared);
  } catch (err) {
    if (timedOut()) throw new RemoteTimeoutError(label, budget, subject);
    if (err instanceof OverCapError) throw overCap();
    throw new RemoteBadDataError(label, `body truncated (${errorText(err)})`, subject, null, true);
  }
  // A runtime that decoded the body itself (Workers) hands over bytes without the gzip magic.
  const encoded = gzipped && isGzip(raw);
  if (declared !== null && (encoding === "identity" || encoded) && raw.byteLength < declared) {
    throw new RemoteBadDataError(label, `body truncated: ${raw.byteLength} of ${declared} bytes`, subject, null, true);
  }
  if (!encoded) return raw;
  return await gunzip(raw, { maxBytes: cap, url: label, ...subject });
}

function contentLength(response: Response): number | null {
  const raw = response.headers.get("content-length");
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

export async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${n} bytes`;
}

/**
 * A body framed by a Content-Length already checked against the cap: the runtime's HTTP parser reads exactly
 * that many bytes (more cannot arrive as this body; fewer is caught as truncation by the caller), so the
 * native whole-body read is as bounded as the chunk loop, and several times faster on Bun for large files.
 */
async function framed(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await response.arrayBuffer());
}

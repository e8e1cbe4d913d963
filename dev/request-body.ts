/**
 * A request body read under a byte limit, for the local stand-ins of services that refuse large requests
 * (the Upstash-REST bridge, the local QStash). Past the limit the body is still read to its end, counted
 * and dropped: answering before the client has sent everything can reset its connection, and the client
 * would then see a network error instead of the service's error answer.
 */

export type CappedBody = { bytes: Uint8Array<ArrayBuffer> } | { tooLarge: number };

/** Bun refuses bodies over 128 MB by itself (413, before our handler runs); the stand-ins decide instead. */
export const NO_SERVER_BODY_LIMIT = Number.MAX_SAFE_INTEGER;

export async function readCapped(request: Request, limit: number): Promise<CappedBody> {
  const declared = request.headers.get("content-length");
  // The usual case: the length is known and within the limit, so Bun reads it in one piece.
  if (declared !== null && Number(declared) <= limit) return { bytes: new Uint8Array(await request.arrayBuffer()) };
  if (!request.body) return { bytes: new Uint8Array(0) };
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.byteLength;
    if (total <= limit) chunks.push(next.value);
    else chunks.length = 0;
  }
  if (total > limit) return { tooLarge: total };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

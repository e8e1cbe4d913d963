/**
 * Upstream's stored-value format, base64(gzip(body)), with web streams only so it runs on Bun and
 * Workers alike. CompressionStream has no level parameter: the bytes differ from upstream's level 9,
 * which does not matter because only this service reads them.
 */
export async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return bytesToBase64(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** Throws on invalid base64 or gzip data. */
export async function gunzipBase64(stored: string): Promise<string> {
  const stream = new Blob([base64ToBytes(stored)]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked: spreading a multi-MB array into one call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

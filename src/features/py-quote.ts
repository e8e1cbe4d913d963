/**
 * Python `urllib.parse.quote(text)` (safe `/`): what Starlette puts into `filename*=utf-8''…`.
 * `encodeURIComponent` also leaves `!'()*` alone and encodes `/`; both are corrected.
 */
export function pyQuote(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll("%2F", "/");
}

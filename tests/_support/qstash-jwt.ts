/**
 * Signs an `Upstash-Signature` JWT by hand (HS256 with the raw signing key, QStash's claims), so
 * tests can present forged, expired and body-mismatched signatures to a worker endpoint.
 */
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const text = (s: string) => new TextEncoder().encode(s);

export async function signJwt(key: string, claims: { sub: string; body: string }, issuedAt: number): Promise<string> {
  const bodyHash = new Uint8Array(await crypto.subtle.digest("SHA-256", text(claims.body)));
  const header = b64url(text(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = b64url(
    text(
      JSON.stringify({
        iss: "Upstash",
        sub: claims.sub,
        exp: issuedAt + 300,
        nbf: issuedAt,
        iat: issuedAt,
        jti: `jwt_${crypto.randomUUID()}`,
        body: b64url(bodyHash),
      }),
    ),
  );
  const hmac = await crypto.subtle.importKey("raw", text(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, text(`${header}.${payload}`)));
  return `${header}.${payload}.${b64url(sig)}`;
}

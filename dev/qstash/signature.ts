/**
 * `Upstash-Signature` as the SDK's `Receiver.verify` checks it: an HS256 JWT keyed with the raw signing-key
 * string; iss "Upstash", sub = the URL being called, body = base64url(sha256(raw body)), valid five minutes.
 * The one JWT signer of the project: the local scheduler signs deliveries with it, tests forge with it.
 */
const encoder = new TextEncoder();
const b64url = (bytes: Uint8Array) => bytes.toBase64({ alphabet: "base64url", omitPadding: true });

export async function signJwt(
  key: string,
  claims: { sub: string; body: string | Uint8Array<ArrayBuffer> },
  issuedAt = Math.floor(Date.now() / 1000),
): Promise<string> {
  const raw = typeof claims.body === "string" ? encoder.encode(claims.body) : claims.body;
  const bodyHash = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const header = b64url(encoder.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = b64url(
    encoder.encode(
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
  const hmac = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(`${header}.${payload}`)));
  return `${header}.${payload}.${b64url(signature)}`;
}

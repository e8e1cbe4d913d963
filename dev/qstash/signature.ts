/**
 * `Upstash-Signature` as the SDK's `Receiver.verify` checks it: HS256 JWT keyed with the raw signing-key string,
 * iss "Upstash", sub = the URL being called, body = base64url(sha256(raw body)) without padding.
 */
import { SignJWT, base64url } from "jose";
import { sha256 } from "./encoding.ts";
import { newJwtId } from "./ids.ts";
import { SIGNATURE_TTL_S } from "./constants.ts";
import type { Bytes } from "./types.ts";

export async function signDelivery(signingKey: string, url: string, body: Bytes): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body: base64url.encode(await sha256(body)) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("Upstash")
    .setSubject(url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + SIGNATURE_TTL_S)
    .setJti(newJwtId())
    .sign(new TextEncoder().encode(signingKey));
}

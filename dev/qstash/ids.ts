/** Identifiers shaped like the real ones (`msg_…`, `jwt_…`, DLQ ids `<unix ms>-<n>`). */

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function randomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export const newMessageId = (): string => `msg_${randomString(32)}`;
export const newJwtId = (): string => `jwt_${randomString(24)}`;
export const newSigningKey = (): string => `sig_${randomString(28)}`;

let dlqCounter = 0;
export const newDlqId = (): string => `${Date.now()}-${dlqCounter++}`;

import { createHash } from "node:crypto";

/** Hex md5 of the UTF-8 bytes of `text` (node:crypto exists on Bun and on Workers with nodejs_compat). */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

import { sha256Hex } from "../lib/sha256.ts";

/** JSON with sorted object keys, so equal payloads give equal ids whatever their key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Job id = sha-256 of data version + job name + canonical payload (hex, 40 chars). */
export async function jobId(dataVersion: string, name: string, payload: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(`${dataVersion}\n${name}\n${canonical(payload)}`);
  return (await sha256Hex(bytes)).slice(0, 40);
}

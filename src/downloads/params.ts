import { BadRequestError } from "../errors.ts";

/** `/atlas_download` query, as upstream's handler receives it (every field optional). */
export type BundleParams = {
  space_id: string | null;
  parcellation_id: string | null;
  region_id: string | null;
  feature_id: string | null;
  /** JSON `[[x,y,z],[x,y,z]]` in mm of the space. */
  bbox: string | null;
  /** Any non-empty value: only the first of the region / parcellation / space outputs is produced. */
  strict_mode: string | null;
};

export type Bbox = [[number, number, number], [number, number, number]];

const isTriple = (p: unknown): p is [number, number, number] =>
  Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === "number" && Number.isFinite(x));

/**
 * Parses `bbox`. Upstream parses it inside the space part, so a malformed value only yields an
 * `.error.txt` in the zip after minutes of work; we answer 400 before starting the task.
 */
export function parseBbox(text: string | null): Bbox | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(`bbox must be JSON [[x, y, z], [x, y, z]] in mm, got ${JSON.stringify(text)}`);
  }
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isTriple)) {
    throw new BadRequestError(`bbox must be two points of three finite numbers (mm), got ${text}`);
  }
  return value as Bbox;
}

import { BadRequestError } from "../errors.ts";

/** A box as clients send it in `bbox=`: two corners in mm of the space, `[[x,y,z],[x,y,z]]`. */
export type Bbox = [[number, number, number], [number, number, number]];

const isTriple = (p: unknown): p is [number, number, number] =>
  Array.isArray(p) && p.length === 3 && p.every((x) => typeof x === "number" && Number.isFinite(x));

/** Parses a `bbox` query value (null stays null); anything but two points of three numbers is a 400. */
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

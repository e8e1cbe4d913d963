/**
 * The `point` parameter of `/map/assign`: three comma-separated coordinates in millimetres, each
 * with the `mm` unit siibra's parser requires (`1.5mm,-2.3mm,4.0mm`; JavaScript number syntax, so
 * the explorer's full-precision and exponent forms parse). Anything else is a 422 naming the rule.
 */
import { ValidationError } from "../errors.ts";
import type { Vec3 } from "./affine.ts";

const COORDINATE = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Zµ]*)\s*$/;

export function parsePoint(text: string): Vec3 {
  const parts = text.split(",");
  const fail = (msg: string): never => {
    throw new ValidationError([{ loc: ["query", "point"], msg, type: "value_error" }]);
  };
  if (parts.length !== 3) fail(`expected three coordinates '<x>mm,<y>mm,<z>mm', got ${JSON.stringify(text)}`);
  return parts.map((part) => {
    const m = COORDINATE.exec(part);
    if (!m) return fail(`not a coordinate: ${JSON.stringify(part.trim())}`);
    if (m[2] !== "mm") return fail(`coordinates must be given in mm, got ${JSON.stringify(part.trim())}`);
    const value = Number(m[1]);
    return Number.isFinite(value) ? value : fail(`not a finite coordinate: ${JSON.stringify(part.trim())}`);
  }) as Vec3;
}

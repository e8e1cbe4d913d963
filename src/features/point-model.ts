import { md5Hex } from "../lib/md5.ts";
import { pyFloat } from "./py-format.ts";
import { VOCAB, coordinate } from "../serialize/common.ts";

/** `CoordinatePointModel`; `@id` = md5(space id + the coordinates as Python floats joined by ","). */
export function pointModel(spaceId: string, xyz: readonly number[]) {
  return {
    "@type": "siibra-0.4/point",
    "@context": VOCAB,
    "@id": md5Hex(`${spaceId}${xyz.map(pyFloat).join(",")}`),
    coordinateSpace: { "@id": spaceId },
    coordinates: xyz.map(coordinate),
  };
}

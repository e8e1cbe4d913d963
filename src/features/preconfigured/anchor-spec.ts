import { pyFloat } from "../py-format.ts";
import { decodeSpecies } from "../species.ts";
import type { Json } from "../../atlas/config-json.ts";
import type { Anchor } from "../model.ts";

/** Resolves a space `@id` to its name (siibra prints locations with the space name). */
export type SpaceNames = (id: string) => string;

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function coords(value: unknown): number[] {
  return Array.isArray(value) ? value.slice(0, 3).map(Number) : [];
}

/** `str(location)`: `Point in <space> [x,y,z]` or `Set of points <space>: (x,y,z), …` (Python floats). */
function locationText(loc: Json, spaceName: SpaceNames, where: string): string {
  const space = spaceName(String((loc.space as Json | undefined)?.["@id"] ?? ""));
  if (loc["@type"] === "siibra/location/point/v0.1") {
    return `Point in ${space} [${coords(loc.coordinate).map(pyFloat).join(",")}]`;
  }
  if (loc["@type"] === "siibra/location/pointset/v0.1") {
    const points = Array.isArray(loc.coordinates) ? loc.coordinates : [];
    return `Set of points ${space}: ${points.map((p) => `(${coords(p).map(pyFloat).join(",")})`).join(", ")}`;
  }
  throw new Error(`configuration ${where}: no location type ${String(loc["@type"])}`);
}

/**
 * `Factory.extract_anchor`: the region spec is the file's `region`, else its parcellation `@id`
 * (or name); the species comes from `species`, else from the `ebrains` block.
 */
export function anchorFrom(doc: Json, where: string, spaceName: SpaceNames): Anchor {
  const parcellation = (doc.parcellation ?? {}) as Json;
  const regionSpec = text(doc.region) ?? text(parcellation["@id"]) ?? text(parcellation.name);
  const location =
    doc.location && typeof doc.location === "object" ? locationText(doc.location as Json, spaceName, where) : null;
  if (regionSpec === null && location === null) throw new Error(`configuration ${where}: neither region nor location`);
  const species = "species" in doc ? decodeSpecies(doc.species) : "ebrains" in doc ? decodeSpecies(doc.ebrains) : null;
  if (species === null) throw new Error(`configuration ${where}: species cannot be decoded`);
  const parts = [regionSpec ?? "", location ?? ""];
  return {
    regionSpec,
    species,
    hasLocation: location !== null,
    text: parts.every((p) => p.length > 0) ? parts.join(" ") : parts.join(""),
  };
}

import * as v from "valibot";

/**
 * Query-parameter schemas shared by the routes. Query values arrive as strings; the schemas parse
 * them the way FastAPI/pydantic v1 does so that failures map onto pydantic's 422 entries
 * (see validate.ts). `v.title` feeds the generated OpenAPI document.
 */
const INT = /^\s*[+-]?\d+\s*$/;
const FLOAT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$|^\s*[+-]?(inf|infinity|nan)\s*$/i;

export const integer = (title: string) =>
  v.pipe(v.string(), v.regex(INT, "integer"), v.transform(Number), v.integer(), v.title(title));

export const float = (title: string) =>
  v.pipe(v.string(), v.regex(FLOAT, "float"), v.transform(Number), v.number(), v.title(title));

export const requiredString = (title: string) => v.pipe(v.string(), v.title(title));

export const optionalString = (title: string, fallback: string | null = null) =>
  v.optional(v.pipe(v.string(), v.title(title)), fallback ?? undefined);

export const page = v.optional(v.pipe(integer("Page"), v.minValue(1)), "1");
export const size = v.optional(v.pipe(integer("Size"), v.minValue(1), v.maxValue(100)), "50");

export const pagination = { page, size };

export const MAP_TYPES = ["LABELLED", "STATISTICAL"] as const;
export const mapType = v.pipe(
  v.picklist(MAP_TYPES),
  v.title("MapType"),
  v.description("MapType\n\nExact match to MapType in siibra, to avoid dependency on siibra"),
);

import * as v from "valibot";
import { toJsonSchema, toJsonSchemaDefs } from "@valibot/to-json-schema";
import type { ConversionConfig } from "@valibot/to-json-schema";
import type { JsonSchema } from "./types.ts";

type AnySchema = v.GenericSchema;
const COMPONENT_REF = "#/components/schemas/";
const OPTIONAL_TYPES = new Set(["optional", "exact_optional", "nullish", "undefinedable"]);

/** Whether a query entry may be omitted (FastAPI's `required: false`). */
export function isOptional(schema: AnySchema): boolean {
  return OPTIONAL_TYPES.has(schema.type);
}

const WRAPPER_TYPES = new Set([...OPTIONAL_TYPES, "nullable", "non_optional", "non_nullable", "non_nullish"]);

/** Peels optional/nullable wrappers (`v.optional(mapType)` → `mapType`). */
function unwrapped(schema: AnySchema): AnySchema {
  let s = schema;
  while (WRAPPER_TYPES.has(s.type) && "wrapped" in s) s = s.wrapped as AnySchema;
  return s;
}

/**
 * Enumerations with a title become named components referenced by `$ref`, as FastAPI does for
 * Python `Enum` classes (`MapType`). Found by shape, so new enums need no registration.
 */
export function namedEnums(entries: Iterable<AnySchema>): Record<string, AnySchema> {
  const found: Record<string, AnySchema> = {};
  for (const entry of entries) {
    const inner = unwrapped(entry);
    const base = "pipe" in inner && Array.isArray(inner.pipe) ? (inner.pipe[0] as AnySchema) : inner;
    const title = v.getTitle(inner);
    if ((base.type === "picklist" || base.type === "enum") && title) found[title] = inner;
  }
  return found;
}

/**
 * Conversion settings. Query values arrive as strings and are parsed (`regex` → `transform` →
 * `integer`/`number`); the document describes the parsed value, as FastAPI does, so the
 * string-side actions are skipped and the trailing type action decides the JSON type.
 */
function config(definitions: Record<string, AnySchema>): ConversionConfig {
  return {
    target: "draft-2020-12",
    typeMode: "output",
    definitions,
    ignoreActions: ["regex", "transform"],
    overrideRef: ({ referenceId }) => `${COMPONENT_REF}${referenceId}`,
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      // Defaults are declared as raw query strings ("1"); upstream advertises the parsed value (1).
      if (!isOptional(valibotSchema) || !("wrapped" in valibotSchema) || !("default" in jsonSchema)) return undefined;
      const parsed = v.safeParse(valibotSchema.wrapped as AnySchema, jsonSchema.default);
      const out: unknown = parsed.success ? parsed.output : undefined;
      const scalar = typeof out === "number" || typeof out === "string" || typeof out === "boolean";
      return scalar ? { ...jsonSchema, default: out } : undefined;
    },
  };
}

/** Key order of pydantic's output, so the document reads like upstream's (JSON ignores order). */
const KEY_ORDER = [
  "$ref",
  "allOf",
  "type",
  "enum",
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "title",
  "description",
  "default",
];

function ordered(schema: JsonSchema): JsonSchema {
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  return Object.fromEntries(Object.entries(schema).sort(([a], [b]) => rank(a) - rank(b)));
}

/** One parameter's schema; `definitions` are the named components it may reference. */
export function parameterSchema(schema: AnySchema, definitions: Record<string, AnySchema>): JsonSchema {
  const { $schema: _dialect, $defs: _defs, ...rest } = toJsonSchema(schema, config(definitions)) as JsonSchema;
  // FastAPI wraps a referenced enum that has a default in `allOf` (a `$ref` admits no siblings in 3.0).
  if ("$ref" in rest && "default" in rest) {
    const { $ref, ...others } = rest;
    return ordered({ allOf: [{ $ref }], ...others });
  }
  return ordered(rest);
}

/** The named components themselves, for `components.schemas`. */
export function componentSchemas(definitions: Record<string, AnySchema>): Record<string, JsonSchema> {
  const defs = toJsonSchemaDefs(definitions, config(definitions)) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(defs).map(([k, s]) => [k, ordered(s)]));
}

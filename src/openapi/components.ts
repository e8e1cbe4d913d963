import type { JsonSchema, MediaSchema } from "./types.ts";

/** FastAPI's built-in 422 models; our validator emits this body shape (src/http/request/validate.ts). */
export const VALIDATION_SCHEMAS: Record<string, JsonSchema> = {
  HTTPValidationError: {
    properties: { detail: { items: { $ref: "#/components/schemas/ValidationError" }, type: "array", title: "Detail" } },
    type: "object",
    title: "HTTPValidationError",
  },
  ValidationError: {
    properties: {
      loc: { items: { anyOf: [{ type: "string" }, { type: "integer" }] }, type: "array", title: "Location" },
      msg: { type: "string", title: "Message" },
      type: { type: "string", title: "Error Type" },
    },
    type: "object",
    required: ["loc", "msg", "type"],
    title: "ValidationError",
  },
};

/**
 * Response models have no valibot schema yet (serializers build plain objects), so they are
 * emitted as named objects; pydantic's generic names read back as titles (`Page_X_` → `Page[X]`).
 */
export function responseModelSchema(name: string): JsonSchema {
  const generic = /^Page_(.+)_$/.exec(name);
  return { type: "object", title: generic ? `Page[${generic[1]}]` : name };
}

export function jsonResponse(description: string, schema: JsonSchema): MediaSchema {
  return { description, content: { "application/json": { schema } } };
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

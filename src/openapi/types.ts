/** The subset of OpenAPI 3.1 this generator emits (JSON Schema objects stay open-ended). */
export type JsonSchema = { [key: string]: unknown };

export type Parameter = {
  required: boolean;
  schema: JsonSchema;
  name: string;
  in: "path" | "query";
};

export type MediaSchema = { description: string; content: { "application/json": { schema: JsonSchema } } };

export type Operation = {
  tags: string[];
  summary: string;
  description?: string;
  operationId: string;
  parameters?: Parameter[];
  responses: Record<string, MediaSchema>;
  deprecated?: boolean;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; description: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};

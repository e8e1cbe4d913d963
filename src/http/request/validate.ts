import * as v from "valibot";
import { validator } from "hono/validator";
import { ValidationError } from "../../errors.ts";
import type { ValidationIssue } from "../../errors.ts";

/** Marks a middleware with the query schema it validates, for the OpenAPI generator. */
export const QUERY_SCHEMA = Symbol.for("siibra-edge.query-schema");

type Schema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/** pydantic v1's entry for one failing parameter, from the first valibot issue about it. */
function toPydantic(name: string, issue: v.BaseIssue<unknown>): ValidationIssue {
  const loc = ["query", name];
  if (issue.input === undefined) return { loc, msg: "field required", type: "value_error.missing" };
  if (issue.type === "min_value") {
    const limit = Number(issue.requirement);
    return {
      loc,
      msg: `ensure this value is greater than or equal to ${limit}`,
      type: "value_error.number.not_ge",
      ctx: { limit_value: limit },
    };
  }
  if (issue.type === "max_value") {
    const limit = Number(issue.requirement);
    return {
      loc,
      msg: `ensure this value is less than or equal to ${limit}`,
      type: "value_error.number.not_le",
      ctx: { limit_value: limit },
    };
  }
  if (issue.type === "picklist") {
    // Schema issues carry no requirement; `expected` reads `("LABELLED" | "STATISTICAL")`.
    const values = [...(issue.expected ?? "").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    const permitted = values.map((x) => `'${x}'`).join(", ");
    return {
      loc,
      msg: `value is not a valid enumeration member; permitted: ${permitted}`,
      type: "type_error.enum",
      ctx: { enum_values: values },
    };
  }
  if (issue.message === "float") return { loc, msg: "value is not a valid float", type: "type_error.float" };
  return { loc, msg: "value is not a valid integer", type: "type_error.integer" };
}

/**
 * Query validator answering failures with upstream's 422 body (one entry per failing parameter,
 * in declaration order). Repeated query keys keep the last value, as Starlette does.
 */
export function query<S extends Schema>(schema: S) {
  const mw = validator("query", (_value, c) => {
    const raw = c.req.query();
    const result = v.safeParse(schema, raw, { abortPipeEarly: true });
    if (result.success) return result.output;
    const seen = new Map<string, ValidationIssue>();
    for (const issue of result.issues) {
      const name = String(issue.path?.[0]?.key ?? "");
      if (!seen.has(name)) seen.set(name, toPydantic(name, issue));
    }
    const order = Object.keys(schema.entries);
    throw new ValidationError(
      [...seen.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([, e]) => e),
    );
  });
  return Object.assign(mw, { [QUERY_SCHEMA]: schema });
}

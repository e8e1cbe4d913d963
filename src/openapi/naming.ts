/**
 * FastAPI derives a route's summary from the handler name (`get_all_atlases` → "Get All Atlases"),
 * so the summary is reversed here to recover the function name upstream's operationIds are built on.
 */
export function functionName(summary: string): string {
  return summary.trim().toLowerCase().replace(/\s+/g, "_");
}

/** FastAPI's `generate_unique_id`: `name + path_format`, non-word characters → `_`, then `_method`. */
export function operationId(summary: string, path: string, method: string): string {
  const name = `${functionName(summary)}${path}`.replace(/\W/g, "_");
  return `${name}_${method.toLowerCase()}`;
}

/** pydantic's default title for a field: `atlas_id` → "Atlas Id". */
export function fieldTitle(name: string): string {
  return name
    .split("_")
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase())
    .join(" ");
}

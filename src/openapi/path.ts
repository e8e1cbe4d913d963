/**
 * Hono route pattern → OpenAPI path template. `:name{regex}` and `:name?` become `{name}`; the
 * regex may itself contain braces (`{[0-9]{2}}`), so it is skipped by depth, not by a RegExp.
 */
export function toOpenApiPath(honoPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  let out = "";
  let i = 0;
  while (i < honoPath.length) {
    const ch = honoPath[i];
    if (ch !== ":") {
      out += ch;
      i++;
      continue;
    }
    let name = "";
    i++;
    while (i < honoPath.length && /\w/.test(honoPath[i])) name += honoPath[i++];
    if (honoPath[i] === "{") {
      let depth = 0;
      do {
        if (honoPath[i] === "{") depth++;
        else if (honoPath[i] === "}") depth--;
        i++;
      } while (i < honoPath.length && depth > 0);
    }
    if (honoPath[i] === "?") i++;
    params.push(name);
    out += `{${name}}`;
  }
  // A sub-app's `/` route lands on `/prefix` already; this guards an explicit trailing slash.
  if (out.length > 1 && out.endsWith("/")) out = out.slice(0, -1);
  return { path: out, params };
}

/** Strips the mount prefix; `null` when the route lives outside it. */
export function relativeTo(prefix: string, path: string): string | null {
  if (path === prefix) return "/";
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : null;
}

/**
 * siibra 0.4's live-query feature ids (`Feature.serialize_query_context`): a live feature has no
 * stable id of its own, so the query context travels in it:
 * `lq0::<ClassName>::p:<parcellation id>::r:<region name>::<inner id>` (or `::s:<space id>`).
 */
export type LqContext =
  | { kind: "space"; spaceId: string }
  | { kind: "parcellation"; parcellationId: string }
  | { kind: "region"; parcellationId: string; regionName: string };

export type LqId = { className: string; context: LqContext; innerId: string };

export function encodeLqId(className: string, context: LqContext, innerId: string): string {
  const parts =
    context.kind === "space"
      ? [`s:${context.spaceId}`]
      : context.kind === "parcellation"
        ? [`p:${context.parcellationId}`]
        : [`p:${context.parcellationId}`, `r:${context.regionName}`];
  return ["lq0", className, ...parts, innerId].join("::");
}

/**
 * `Feature.deserialize_query_context` without the registry look-ups: null when the id is not a
 * well-formed live-query id (upstream then searches the preconfigured features, and misses).
 */
export function decodeLqId(id: string): LqId | null {
  const [version, className, ...rest] = id.split("::");
  if (version !== "lq0" || !className || rest.length < 2) return null;
  const innerId = rest[rest.length - 1];
  let context: LqContext | null = null;
  for (const part of rest.slice(0, -1)) {
    if (part.startsWith("s:")) {
      if (context) return null; // "Conflicting spec."
      context = { kind: "space", spaceId: part.slice(2) };
    } else if (part.startsWith("p:")) {
      if (context) return null;
      context = { kind: "parcellation", parcellationId: part.slice(2) };
    } else if (part.startsWith("r:")) {
      if (context?.kind !== "parcellation") return null;
      context = { kind: "region", parcellationId: context.parcellationId, regionName: part.slice(2) };
    }
  }
  return context ? { className, context, innerId } : null;
}

/**
 * Makes an upstream-recorded body comparable with ours (docs/decisions.md#recorded-upstream-answers): strings with
 * offline placeholders (`__OFFLINE_KG__`, `__OFFLINE_NG__`) stand for network data, so our value at
 * that place is taken as is; lists whose order upstream does not fix are compared as multisets.
 */
const PLACEHOLDER = /__OFFLINE_(KG|NG)__/;

function isPlaceholder(value: unknown): boolean {
  if (typeof value === "string") return PLACEHOLDER.test(value);
  return Array.isArray(value) && value.length > 0 && value.every(isPlaceholder);
}

/** Copies placeholder positions of `golden` from `ours`, so only real data is compared. */
export function overlayPlaceholders(golden: unknown, ours: unknown): unknown {
  if (isPlaceholder(golden)) return ours;
  if (Array.isArray(golden)) {
    return golden.map((g, i) => overlayPlaceholders(g, Array.isArray(ours) ? ours[i] : undefined));
  }
  if (golden && typeof golden === "object") {
    const o = (ours && typeof ours === "object" ? ours : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, g] of Object.entries(golden)) {
      // A placeholder-only key (e.g. mesh fragments) may be absent offline on our side.
      if (isPlaceholder(g) && !(k in o)) continue;
      out[k] = overlayPlaceholders(g, o[k]);
    }
    return out;
  }
  return golden;
}

/** Sorts the lists at the given paths (`a[*].b.c` syntax from golden/wire/index.json). */
export function sortPaths(value: unknown, paths: string[]): unknown {
  const copy = structuredClone(value);
  for (const path of paths) sortAt(copy, path.split(" ")[0].split("."));
  return copy;
}

function sortAt(node: unknown, parts: string[]): void {
  if (!node || typeof node !== "object") return;
  const [head, ...rest] = parts;
  const key = head.replace("[*]", "");
  const obj = node as Record<string, unknown>;
  const child = obj[key];
  if (rest.length === 0) {
    if (Array.isArray(child)) child.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return;
  }
  if (head.endsWith("[*]") && Array.isArray(child)) for (const item of child) sortAt(item, rest);
  else sortAt(child, rest);
}

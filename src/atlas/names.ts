/** siibra's `create_key`: non-alphanumerics → space, upper-case, trim, space runs → "_". */
export function createKey(name: string): string {
  return name
    .replace(/[^\p{L}\p{N}]/gu, " ")
    .toUpperCase()
    .trim()
    .replace(/ +/g, "_");
}

const REMOVED = ["hemisphere", " -", "-brain", "both", "Both"];

/** siibra's `clear_name` for region and parcellation names (order of steps matters). */
export function clearName(name: string): string {
  let result = name;
  // `includes` first: most names hold none of the words, and split/join allocates (trees clean thousands).
  for (const word of REMOVED) if (result.includes(word)) result = result.split(word).join("");
  if (result.includes("ctx-")) result = result.replaceAll("ctx-lh-", "left ").replaceAll("ctx-rh-", "right ");
  if (!result.includes("  ") && !result.startsWith(" ") && !result.endsWith(" ")) return result;
  return result
    .split(" ")
    .filter((w) => w.length > 0)
    .join(" ");
}

/** siibra's species rendering: `homo sapiens` / `HOMO_SAPIENS` → `Homo sapiens`. */
export function speciesName(raw: string): string {
  const lower = raw.toLowerCase().replace(/_/g, " ").trim();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

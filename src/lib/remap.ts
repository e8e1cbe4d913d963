/** Host remapping (`SIIBRA_API_REMAP_PROVIDERS`), applied to served data URLs and to every outbound URL. */

/** Ordered `from → to` substring replacements, applied to every outbound URL (upstream: str.replace). */
export type RemapRules = ReadonlyArray<readonly [from: string, to: string]>;

/**
 * Parses the `SIIBRA_API_REMAP_PROVIDERS` format: newline-separated `from::to` lines.
 * Blank lines are ignored; a line without exactly one `::` is a configuration error (thrown, so a
 * typo fails at start-up rather than silently hitting production hosts).
 */
export function parseRemapRules(text: string | undefined): RemapRules {
  if (!text) return [];
  const rules: [string, string][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const parts = line.split("::");
    if (parts.length !== 2 || parts[0] === "") {
      throw new Error(`SIIBRA_API_REMAP_PROVIDERS: expected "from::to" per line, got ${JSON.stringify(line)}`);
    }
    rules.push([parts[0], parts[1]]);
  }
  return rules;
}

/** Applies every rule in order, replacing all occurrences (as upstream's `str.replace`). */
export function remapUrl(url: string, rules: RemapRules): string {
  let out = url;
  for (const [from, to] of rules) out = out.split(from).join(to);
  return out;
}

import type { BundleParams } from "./params.ts";

/**
 * The text files of a bundle, in upstream's wording (siibra-api 0.3.35
 * `api/common/data_handlers/compounds/download.py`): README.md, LICENCE.txt and the `.info.md`
 * beside every data file.
 */
export const LICENCE_TEXT = "Please check the respective `.info.md` regarding licenses of the data.";

/**
 * Python's `str(datetime)`: `2026-11-29 23:21:00.123000`, in UTC whatever the process's zone. Upstream writes
 * `datetime.now()` at build time; we write the task's request time (docs/decisions.md#deterministic-zips).
 */
function pythonTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`;
}

/** Python's `str()` of an optional string parameter. */
const py = (v: string | null) => (v === null ? "None" : v);

export function readme(version: string, requestedAt: number, p: BundleParams): string {
  const injected = `space_id=${py(p.space_id)}, parcellation_id=${py(p.parcellation_id)}, region_id=${py(p.region_id)}, bbox=${py(p.bbox)}`;
  return `# Packaged Atlas Data

This zip is automatically packaged by siibra-api ${version}, retrieved on ${pythonTimestamp(requestedAt)}. For any bug reports/suggestions, you can do one of the following:

- file a bug with us directly at [https://github.com/FZJ-INM1-BDA/siibra-api/issues](https://github.com/FZJ-INM1-BDA/siibra-api/issues)
- email [support@ebrains.eu](mailto:support@ebrains.eu) with the subject line \`atlas support / siibra-api\`

In either case, please describe your issue and include the following code snippit:

\`\`\`
${injected}
\`\`\`

`;
}

export type InfoFields = { name: string; description: string; citations: string; license: string };

export function infoMd(f: InfoFields): string {
  return `name:
---

${f.name}

description:
---

${f.description}

citations:
---
${f.citations}

license:
---
${f.license}

`;
}

/** `[citation](url)` per publication with a url, else its citation (or `CITATION`), blank-line separated. */
export function citations(pubs: readonly { citation?: string | null; url?: string | null }[]): string {
  return pubs.map((p) => (p.url ? `[${p.citation ?? "url"}](${p.url})` : (p.citation ?? "CITATION"))).join("\n\n");
}

/** siibra 0.4's `_README_TMPL` (features/feature.py), filled as `Feature._export` does. */
export type ReadmeFields = {
  name: string;
  description: string;
  modality: string | null;
  /** `ebrains_page` of the datasets (a set upstream; dataset order here). */
  ebrainsPages: string[];
  dois: string[];
  authors: string[];
  datasetDescriptions: string[];
};

const unique = (xs: string[]) => [...new Set(xs.filter((x) => x !== ""))];

function publications(f: ReadmeFields): string {
  const page = unique(f.ebrainsPages).join("\n");
  const doi = unique(f.dois).join("\n");
  const authors = unique(f.authors).join(", ");
  const desc = [...new Set(f.datasetDescriptions)].join("\n");
  if (!((page || doi) && authors)) {
    return "Note: could not obtain any publication information. The data may not have been published yet.";
  }
  return `
Publications
------------
${doi ? `DOI\n${doi}` : ""}

${page ? `EBRAINS page\n${page}` : ""}

${authors ? `Authors\n${authors}` : ""}

${desc ? `Publication description\n${desc}` : ""}

`;
}

export function readme(f: ReadmeFields): string {
  return `
Downloaded from siibra toolsuite.
siibra-python version: 0.4a106

All releated resources (e.g. doi, web resources) are categorized under publications.

Name
----
${f.name}

Description
-----------
${f.description}

Modality
--------
${f.modality === null ? "None" : f.modality}

${publications(f)}
`;
}

/** Dataset wire models → the README's publication fields. */
export function readmeFromDatasets(
  base: { name: string; description: string; modality: string | null },
  datasets: Record<string, unknown>[],
): string {
  const strs = (v: unknown) => (typeof v === "string" ? v : "");
  return readme({
    ...base,
    ebrainsPages: datasets.map((d) => strs(d.ebrains_page)),
    dois: datasets.flatMap((d) => (Array.isArray(d.urls) ? d.urls.map((u) => strs((u as { url?: unknown }).url)) : [])),
    authors: datasets.flatMap((d) =>
      Array.isArray(d.contributors) ? d.contributors.map((c) => strs((c as { name?: unknown }).name)) : [],
    ),
    datasetDescriptions: datasets.map((d) => strs(d.description)),
  });
}

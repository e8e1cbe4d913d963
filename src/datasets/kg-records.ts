/**
 * Parses knowledge-graph snapshot JSON (siibra's `ebrainsquery/…` files) into small records holding
 * only what the wire model needs; the cache keeps these, not the (much larger) raw documents.
 * Field semantics follow siibra 0.4a106 `siibra/retrieval/datasets.py`.
 */
import { kgUuid } from "../lib/kg-uuid.ts";
import type { EbrainsDsPerson } from "./types.ts";

type Json = Record<string, unknown>;

/** `minds/core/dataset/v1.0.0` — `ebrainsquery/v1/dataset/<uuid>.json`. */
export type V1Record = {
  name: string | null;
  /** `kgReference` entries (DOIs or URLs). */
  references: string[];
  description: string | null;
  contributors: EbrainsDsPerson[];
  custodians: EbrainsDsPerson[];
};

/** `openminds/DatasetVersion` and `openminds/Dataset` — `ebrainsquery/v3/<Type>/<uuid>.json`. */
export type V3Record = {
  fullName: string | null;
  versionIdentifier: string | null;
  /** Dataset: `get("description", "")` (absent → "", null stays null); DatasetVersion: raw value. */
  description: string | null;
  /** `doi[].identifier` (already full https://doi.org URLs in the snapshots). */
  dois: string[];
  authors: EbrainsDsPerson[];
  custodians: EbrainsDsPerson[];
  /** DatasetVersion: parent Dataset uuids; Dataset: version uuids. */
  related: string[];
};

const PERSON_TYPE = "https://openminds.ebrains.eu/core/Person";

export function parseV1(doc: unknown): V1Record {
  const d = asObject(doc);
  return {
    name: str(d.name),
    references: list(d.kgReference).filter((x): x is string => typeof x === "string"),
    description: str(d.description),
    contributors: list(d.contributors).flatMap(v1Person),
    custodians: list(d.custodians).flatMap(v1Person),
  };
}

export function parseV3(doc: unknown, kind: "DatasetVersion" | "Dataset"): V3Record {
  const d = asObject(doc);
  const related = kind === "DatasetVersion" ? d.isVersionOf : d.versions;
  return {
    fullName: str(d.fullName),
    versionIdentifier: str(d.versionIdentifier),
    description: kind === "Dataset" && !("description" in d) ? "" : str(d.description),
    dois: list(d.doi).flatMap((x) => {
      const id = asObject(x).identifier;
      return typeof id === "string" ? [id] : [];
    }),
    authors: list(d.author).flatMap(v3Person),
    custodians: list(d.custodian).flatMap(v3Person),
    related: list(related).flatMap((x) => {
      const id = asObject(x).id;
      const uuid = typeof id === "string" ? kgUuid(id) : null;
      return uuid ? [uuid] : [];
    }),
  };
}

/** v1 snapshots carry persons already in wire shape; a bare string becomes a person of that name. */
function v1Person(p: unknown): EbrainsDsPerson[] {
  if (typeof p === "string") return [person(p, p, p)];
  const o = asObject(p);
  const name = str(o.name) ?? "";
  return [
    {
      "@type": null,
      "@id": str(o["@id"]) ?? name,
      "schema.org/shortName": str(o["schema.org/shortName"]),
      identifier: str(o.identifier) ?? str(o["@id"]) ?? name,
      shortName: str(o.shortName) ?? name,
      name,
    },
  ];
}

/**
 * `EbrainsV3DatasetVersion.parse_person`: id → `@id`/`identifier`, `"<givenName> <familyName>"` (Python
 * f-string, so a missing part prints `None`) → the three name fields. Upstream asserts the Person type
 * and fails the whole response otherwise; we skip non-persons (organisations) instead.
 */
function v3Person(p: unknown): EbrainsDsPerson[] {
  const o = asObject(p);
  const types = Array.isArray(o.type) ? o.type : [o.type];
  if (!types.some((t) => typeof t === "string" && t.includes(PERSON_TYPE))) return [];
  const id = str(o.id) ?? "";
  const name = `${str(o.givenName) ?? "None"} ${str(o.familyName) ?? "None"}`;
  return [person(id, name, name)];
}

function person(id: string, shortName: string, name: string): EbrainsDsPerson {
  return { "@type": null, "@id": id, "schema.org/shortName": shortName, identifier: id, shortName, name };
}

function asObject(v: unknown): Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/**
 * The Allen Human Brain Atlas API as siibra 0.4 queries it (`livequeries/allen.py`): probe ids of a gene
 * (XML), the six specimens with their MRI → ICBM152 alignment, donor factors, and per donor the
 * microarray expression of those probes. Plain `http://`, as upstream.
 */
const ALLEN_BASE = "http://api.brain-map.org/api/v2/data";

/** The six adult donors and their specimens (1:1), in siibra's order. */
export const DONOR_IDS = ["15496", "14380", "15697", "9861", "12876", "10021"];
export const SPECIMEN_IDS = ["H0351.1015", "H0351.1012", "H0351.1016", "H0351.2001", "H0351.1009", "H0351.2002"];

export const allenUrls = {
  probes: (genes: string[]) =>
    `${ALLEN_BASE}/query.xml?criteria=model::Probe,rma::criteria,[probe_type$eq'DNA'],products[abbreviation$eq'HumanMA'],gene[acronym$in${genes.map((g) => `'${g}'`).join(",")}],rma::options[only$eq'probes.id']`,
  specimen: (specimenId: string) =>
    `${ALLEN_BASE}/Specimen/query.json?criteria=[name$eq'${specimenId}']&include=alignment3d`,
  microarray: (probeIds: number[], donorId: string) =>
    `${ALLEN_BASE}/query.json?criteria=service::human_microarray_expression[probes$in${probeIds.join(",")}][donors$eq${donorId}]`,
  // Upstream's URL has the stray spaces in "dono  rs.name"; the API ignores the broken field.
  factors: () =>
    `${ALLEN_BASE}/query.json?criteria=model::Donor,rma::criteria,products[id$eq2],rma::include,age,rma::options[only$eq%27donors.id,dono  rs.name,donors.race_only,donors.sex%27]`,
};

export class AllenFormatError extends Error {}

/** `<Response total_rows="N"><probes><probe><id>…</id>…` → the probe ids, in document order. */
export function parseProbeIds(xml: string): number[] {
  if (/site unavailable/i.test(xml)) throw new AllenFormatError("Allen institute site unavailable");
  const total = /<Response\b[^>]*\btotal_rows="(\d+)"/.exec(xml);
  if (!total) throw new AllenFormatError("probe query answer has no total_rows");
  const ids = [...xml.matchAll(/<probe>\s*<id>\s*(\d+)\s*<\/id>/g)].map((m) => Number(m[1]));
  if (ids.length < Number(total[1])) throw new AllenFormatError("probe query answer is truncated");
  return ids.slice(0, Number(total[1]));
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/** Specimen → 3×4 donor-MRI → ICBM152 matrix from `alignment3d.tvr_00…tvr_11`. */
export function parseSpecimen(doc: unknown): number[][] {
  const d = obj(doc);
  const msg = Array.isArray(d.msg) ? d.msg : [];
  if (d.success !== true || msg.length !== 1) throw new AllenFormatError("invalid specimen answer");
  const t = obj(obj(msg[0]).alignment3d);
  const v = (k: string) => {
    const x = Number(t[`tvr_${k}`]);
    if (!Number.isFinite(x)) throw new AllenFormatError(`specimen alignment lacks tvr_${k}`);
    return x;
  };
  return [
    [v("00"), v("01"), v("02"), v("09")],
    [v("03"), v("04"), v("05"), v("10")],
    [v("06"), v("07"), v("08"), v("11")],
  ];
}

export type DonorFactors = { race: unknown; gender: unknown; age: number };

/** Donor id → race, sex and age in whole years (`int(days / 365)`). */
export function parseFactors(doc: unknown): Map<number, DonorFactors> {
  const msg = obj(doc).msg;
  if (!Array.isArray(msg)) throw new AllenFormatError("invalid donor answer");
  return new Map(
    msg.map((item) => {
      const i = obj(item);
      return [
        Number(i.id),
        { race: i.race_only ?? null, gender: i.sex ?? null, age: Math.trunc(Number(obj(i.age).days) / 365) },
      ];
    }),
  );
}

export type Microarray = {
  probes: { id: number; gene: string; levels: number[]; zScores: number[] }[];
  samples: { donorId: number; donorName: string; mri: [number, number, number] }[];
};

export function parseMicroarray(doc: unknown): Microarray {
  const d = obj(doc);
  if (d.success !== true) throw new AllenFormatError("invalid microarray answer");
  const msg = obj(d.msg);
  if (!Array.isArray(msg.probes) || !Array.isArray(msg.samples))
    throw new AllenFormatError("microarray answer lacks probes or samples");
  const samples = msg.samples.map((s) => {
    const donor = obj(obj(s).donor);
    const mri = obj(obj(s).sample).mri;
    if (!Array.isArray(mri) || mri.length < 3) throw new AllenFormatError("sample without MRI coordinates");
    return {
      donorId: Number(donor.id),
      donorName: String(donor.name),
      mri: mri.slice(0, 3).map(Number) as [number, number, number],
    };
  });
  const probes = msg.probes.map((p) => {
    const probe = obj(p);
    const levels = (Array.isArray(probe.expression_level) ? probe.expression_level : []).map(Number);
    const zScores = (Array.isArray(probe["z-score"]) ? probe["z-score"] : []).map(Number);
    if (levels.length < samples.length || zScores.length < samples.length)
      throw new AllenFormatError("probe with fewer values than samples");
    return { id: Number(probe.id), gene: String(probe["gene-symbol"]), levels, zScores };
  });
  return { probes, samples };
}

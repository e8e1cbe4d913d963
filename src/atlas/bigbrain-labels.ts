/**
 * BigBrain neuroglancer label table that siibra-api attaches to Julich-Brain 2.9 regions as
 * `hasAnnotation.inspiredBy` (`bb_ngid_lbl://<ngid>#<label>`). Upstream keeps it in code; it is
 * data, so it lives here verbatim.
 */
const JBA29_ID = "minds/core/parcellationatlas/v1.0.0/94c1125b-b87e-45e4-901c-00daee7f2579-290";

const BIGBRAIN_JBA29_LABELS: Record<string, Record<string, number>> = {
  _32375a96: {
    "Area hPO1 (POS)": 21,
    "Area hIP7 (IPS)": 18,
    "Area hIP4 (IPS)": 15,
    "Area hIP5 (IPS)": 16,
    "Area hIP6 (IPS)": 17,
    "Area hOc6 (POS)": 20,
    "Area IFJ1 (IFS,PreCS)": 9,
    "Area IFS4 (IFS)": 14,
    "Area IFS2 (IFS)": 12,
    "Area IFS1 (IFS)": 11,
    "Area IFS3 (IFS)": 13,
    "Area IFJ2 (IFS,PreCS)": 10,
    "Area 6d2 (PreCG)": 2,
    "Area 6d1 (PreCG)": 1,
    "Area 6ma (preSMA, mesial SFG)": 22,
    "Area 6d3 (SFS)": 3,
    "Area 6mp (SMA, mesial SFG)": 23,
    "Area STS2 (STS)": 25,
    "Area STS1 (STS)": 24,
    "Area TE 3 (STG)": 7,
    "Area TE 1.2 (HESCHL)": 6,
    "Area TE 1.1 (HESCHL)": 5,
    "Area TE 1.0 (HESCHL)": 4,
    "Entorhinal Cortex": 8,
  },
  _64f477bf: { "Area hOc3v (LingG)": 1 },
  _4d2c91e: { "Area hOc2 (V2, 18)": 1 },
  _b768bb9: { "Area hOc1 (V1, 17, CalcS)": 1 },
  _09d7b71: { "Area hOc5 (LOC)": 1 },
  _72d8498f: { "MGB-MGBd (CGM, Metathalamus)": 1 },
  _0e80902: { "MGB-MGBm (CGM, Metathalamus)": 1 },
  _78f497a: { "MGB-MGBv (CGM, Metathalamus)": 1 },
  _036b66a: { "LGB-lam1 (CGL, Metathalamus)": 1 },
  _27a545d: { "LGB-lam2 (CGL, Metathalamus)": 1 },
  _caed14b: { "LGB-lam3 (CGL, Metathalamus)": 1 },
  _cfb98fe: { "LGB-lam4 (CGL, Metathalamus)": 1 },
  _aa245c4: { "LGB-lam5 (CGL, Metathalamus)": 1 },
  _ae05d07: { "LGB-lam6 (CGL, Metathalamus)": 1 },
};

/** `inspiredBy` entries of a region, or null when the region has none. */
export function inspiredBy(parcellationId: string, regionName: string): { "@id": string }[] | null {
  if (parcellationId !== JBA29_ID) return null;
  const found: { "@id": string }[] = [];
  for (const [ngid, labels] of Object.entries(BIGBRAIN_JBA29_LABELS)) {
    const label = labels[regionName];
    if (label !== undefined) found.push({ "@id": `bb_ngid_lbl://${ngid}#${label}` });
  }
  return found.length > 0 ? found : null;
}

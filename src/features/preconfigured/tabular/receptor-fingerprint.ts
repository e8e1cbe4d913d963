import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { loadFingerprint } from "./receptor-tsv.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "ReceptorDensityFingerprint";

/** Class `DESCRIPTION` of siibra 0.4a106, verbatim (upstream's spacing and typos included). */
const DESCRIPTION =
  "Fingerprint of densities (in fmol/mg protein) of receptors for classical neurotransmitters obtained by means of quantitative in vitro autoradiography. The fingerprint provides average density measurments for different receptors measured in tissue samples from different subjects together with the corresponding standard deviations. ";

/** `"<label> (<name>)"` of the receptor's neurotransmitter (receptor vocabulary). */
function neurotransmitter(symbols: Record<string, unknown>, receptor: string): string {
  const entry = symbols[receptor] as { neurotransmitter?: { label?: string; name?: string } } | undefined;
  if (!entry?.neurotransmitter) return `${receptor} (undeciphered)`;
  return `${entry.neurotransmitter.label} (${entry.neurotransmitter.name})`;
}

/** Mean and std density per receptor of one tissue sample set (a `.tsv` on the data proxy). */
export const receptorFingerprint: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/fingerprints/receptor",
  spec: "siibra/feature/fingerprint/receptor/v0.1",
  build(input) {
    reqStr(input.doc, "file", input.path);
    return featureRecord(input, {
      className: NAME,
      kind: "fingerprint",
      modality: "Neurotransmitter receptor density",
      description: DESCRIPTION,
    });
  },
  async load(ctx, { record, doc }) {
    const fp = await loadFingerprint(ctx, str(doc, "file") ?? "", record.id);
    const symbols = ctx.store.vocabularies.receptorSymbols;
    return {
      kind: "fingerprint",
      frame: { index: fp.receptors, columns: ["mean", "std"], data: fp.mean.map((m, i) => [m, fp.std[i]]) },
      receptors: fp.receptors,
      neurotransmitters: fp.receptors.map((r) => neurotransmitter(symbols, r)),
      unit: fp.unit,
    };
  },
  csvIndexName: "receptor",
};

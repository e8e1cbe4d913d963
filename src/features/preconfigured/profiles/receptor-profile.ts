import { reqStr, str } from "../../../atlas/config-json.ts";
import { featureRecord } from "../record.ts";
import { loadReceptorProfile } from "../tabular/receptor-tsv.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

const NAME = "ReceptorDensityProfile";

/** Class `DESCRIPTION` of siibra 0.4a106, verbatim. */
const DESCRIPTION =
  "Cortical profile of densities (in fmol/mg protein) of receptors for classical neurotransmitters obtained by means of quantitative in vitro autoradiography. The profiles provide, for a single tissue sample, an exemplary density distribution for a single receptor from the pial surface to the border between layer VI and the white matter.";

/** The density of one receptor from the pial surface to the white matter (a `.tsv` on the data proxy). */
export const receptorProfile: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/corticalprofiles/receptor",
  spec: "siibra/feature/profile/receptor/v0.1",
  build(input) {
    const receptor = reqStr(input.doc, "receptor", input.path);
    reqStr(input.doc, "file", input.path);
    return featureRecord(input, {
      className: NAME,
      kind: "profile",
      modality: `${receptor} receptor density`,
      description: DESCRIPTION,
      // The unit is the last column of the profile's .tsv (data proxy): unknown without it.
      profile: { unit: null },
    });
  },
  async load(ctx, { record, doc }) {
    const p = await loadReceptorProfile(ctx, str(doc, "file") ?? "", record.id);
    return {
      kind: "profile",
      frame: { index: p.depths, columns: [`${record.modality} (${p.unit})`], data: p.values.map((v) => [v]) },
      unit: p.unit,
      boundaries: {},
    };
  },
};

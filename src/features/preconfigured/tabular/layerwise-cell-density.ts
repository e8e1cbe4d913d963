import { featureRecord } from "../record.ts";
import { cachedDecode } from "../../data/fetch.ts";
import { LAYER_NAMES, layerAreas, layerCounts, loadCellTable } from "../profiles/cell-files.ts";
import { meanStd } from "../../data/frame.ts";
import { RemoteUnavailableError } from "../../../lib/remote.ts";
import type { Frame } from "../../data/frame.ts";
import type { FeatureContext } from "../../data/context.ts";
import type { PreconfiguredClass } from "../feature-class.ts";

/**
 * `LayerwiseCellDensity.data`: per sample (segments + layerinfo pair), cells per layer divided by the
 * layer area, scaled to detected cells / 0.1 mm³ (`× 100² × 5`); then mean and sample std per layer
 * over the samples. As upstream, a sample whose files cannot be fetched is skipped; if none can, the
 * first failure is the answer.
 */
function loadLayerwise(ctx: FeatureContext, pairs: [string, string][], featureId: string): Promise<Frame> {
  return cachedDecode(ctx, `layerwise\n${featureId}`, async () => {
    const samples: Map<number, number>[] = [];
    let firstFailure: unknown = null;
    for (const [cellUrl, layerUrl] of pairs) {
      try {
        const cells = await loadCellTable(ctx, cellUrl, featureId, ["layer"]);
        const layers = await loadCellTable(ctx, layerUrl, featureId, ["Area(micron**2)"]);
        const counts = layerCounts(cells, cellUrl, featureId);
        const areas = layerAreas(layers, layerUrl, featureId);
        const density = new Map<number, number>();
        for (const [layer, area] of areas)
          density.set(layer, ((counts.get(layer) ?? Number.NaN) / area) * 100 ** 2 * 5);
        samples.push(density);
      } catch (err) {
        if (!(err instanceof RemoteUnavailableError)) throw err;
        firstFailure ??= err;
      }
    }
    if (samples.length === 0 && firstFailure) throw firstFailure;
    const layers = [...new Set(samples.flatMap((s) => [...s.keys()]))].sort((a, b) => a - b);
    const value: Frame = {
      index: layers.map((l) => LAYER_NAMES[l] ?? String(l)),
      columns: ["mean", "std"],
      data: layers.map((l) => meanStd(samples.map((s) => s.get(l) ?? Number.NaN))),
    };
    return { value, bytes: 64 * layers.length + 256 };
  });
}

const NAME = "LayerwiseCellDensity";

/** Class `DESCRIPTION` of siibra 0.4a106, verbatim (the double space included). */
const DESCRIPTION =
  "Layerwise estimated densities of detected cell bodies  (in detected cells per 0.1 cube millimeter) obtained by applying a Deep Learning based instance segmentation algorithm (Contour Proposal Network; Upschulte et al., Neuroimage 2022) to a 1 micron resolution cortical image patch prepared with modified Silver staining. Densities have been computed per cortical layer after manual layer segmentation, by dividing the number of detected cells in that layer with the area covered by the layer. Therefore, each profile contains 6 measurement points. The cortical depth is estimated from the measured layer thicknesses.";

/** Cell densities per cortical layer, averaged over the samples of segment and layer files. */
export const layerwiseCellDensity: PreconfiguredClass = {
  name: NAME,
  folder: "features/tabular/layerstatistics/celldensity",
  spec: "siibra/feature/fingerprint/celldensity/v0.1",
  build(input) {
    for (const key of ["segmentfiles", "layerfiles"]) {
      if (!Array.isArray(input.doc[key])) throw new Error(`configuration ${input.path}: missing list field '${key}'`);
    }
    return featureRecord(input, {
      className: NAME,
      kind: "tabular",
      modality: "Cell body density",
      description: DESCRIPTION,
    });
  },
  async load(ctx, { record, doc }) {
    const segments = (doc.segmentfiles ?? []) as string[];
    const layers = (doc.layerfiles ?? []) as string[];
    const pairs = segments.map((s, i): [string, string] => [s, layers[i]]).filter(([, l]) => typeof l === "string");
    return { kind: "tabular", frame: await loadLayerwise(ctx, pairs, record.id), unit: "# detected cells/0.1mm3" };
  },
  csvIndexName: "layer",
};

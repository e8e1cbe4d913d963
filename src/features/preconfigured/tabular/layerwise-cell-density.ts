import { cachedDecode } from "../../data/fetch.ts";
import { layerAreas, layerCounts, loadCellTable } from "../profiles/cell-files.ts";
import { meanStd } from "../../data/frame.ts";
import { RemoteUnavailableError } from "../../../lib/remote.ts";
import type { Frame } from "../../data/frame.ts";
import type { FeatureContext } from "../../data/context.ts";

/** `CorticalProfile.LAYERS`: layer numbers to names. */
export const LAYER_NAMES: Record<number, string> = {
  0: "0",
  1: "I",
  2: "II",
  3: "III",
  4: "IV",
  5: "V",
  6: "VI",
  7: "WM",
};

/**
 * `LayerwiseCellDensity.data`: per sample (segments + layerinfo pair), cells per layer divided by the
 * layer area, scaled to detected cells / 0.1 mm³ (`× 100² × 5`); then mean and sample std per layer
 * over the samples. As upstream, a sample whose files cannot be fetched is skipped; if none can, the
 * first failure is the answer.
 */
export function loadLayerwise(ctx: FeatureContext, pairs: [string, string][], featureId: string): Promise<Frame> {
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

/**
 * Where the configuration's remote files live and where the fixture host serves them: the data proxy
 * at the root, the MNI template host under /bic/, the neuroglancer host under /ngl/ and the jugit
 * knowledge-graph snapshots under /jugit/ (nothing there: anything that would read precomputed chunks
 * or snapshot documents gets a fast 404 instead of leaving the machine).
 */
export const DATA_PROXY = "https://data-proxy.ebrains.eu/";
export const BIC = "http://www.bic.mni.mcgill.ca/";
export const BIC_PATH = "/bic/";
export const NEUROGLANCER = "https://neuroglancer.humanbrainproject.eu/";
export const NEUROGLANCER_PATH = "/ngl/";
/** siibra's second knowledge-graph snapshot source: nothing there either (a fast 404, a missing document). */
export const JUGIT = "https://jugit.fz-juelich.de/";
export const JUGIT_PATH = "/jugit/";

/** Path on the fixture host → body. */
export type Files = Map<string, Uint8Array<ArrayBuffer>>;

/** The path of a data-proxy URL on the fixture host. */
export const proxyPath = (url: string) => `/${url.slice(DATA_PROXY.length)}`;

/** `SIIBRA_API_REMAP_PROVIDERS` pointing every configured host at the fixture host. */
export function remapRules(origin: string): string {
  return [
    `${DATA_PROXY}::${origin}/`,
    `${BIC}::${origin}${BIC_PATH}`,
    `${NEUROGLANCER}::${origin}${NEUROGLANCER_PATH}`,
    `${JUGIT}::${origin}${JUGIT_PATH}`,
  ].join("\n");
}

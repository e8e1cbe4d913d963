import { RemoteBadDataError } from "../../lib/remote.ts";

/** How remote failures name what was being loaded: `feature <id>` (the envelope names the host too). */
export const featureWhat = (featureId: string) => `feature ${featureId}`;

/**
 * A data file that arrived but cannot be decoded (garbage, truncated table, missing zip member): the
 * data host's fault, a 502 envelope naming the configured host and the feature.
 */
export function badData(url: string, featureId: string, reason: string): RemoteBadDataError {
  return new RemoteBadDataError(url, reason, { what: featureWhat(featureId) });
}

import { RemoteBadDataError } from "../lib/remote.ts";

/**
 * Failures of data hosts are the remote layer's typed errors (src/lib/remote-errors.ts: 503
 * unreachable, 504 timed out, 502 bad answer), whose envelope names the host and what was loaded.
 * Fetches pass `what` (`feature <id>`); files that arrive but do not hold what the format promises
 * (garbage, truncated table, missing zip member) are reported the same way, as the host's fault.
 */
export const featureWhat = (featureId: string) => `feature ${featureId}`;

export function badData(what: string, url: string, why: string): RemoteBadDataError {
  return new RemoteBadDataError(url, why, { what });
}

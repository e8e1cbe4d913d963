/**
 * The hosts the service may contact (see src/lib/host-allow-list.ts): every host an http(s) URL in the
 * configuration names, the hosts the service's own code needs that the configuration does not name,
 * and the operator's extra hosts (`SIIBRA_API_REMOTE_ALLOW_HOSTS`), each also as remapped.
 */
import { buildAllowList } from "../lib/host-allow-list.ts";
import type { HostAllowList } from "../lib/host-allow-list.ts";
import type { RemapRules } from "../lib/remap.ts";
import type { ConfigFiles } from "./files.ts";

/**
 * Fixed hosts, each with the reason it is needed (siibra-python 0.4a106 sources):
 * the knowledge-graph snapshot documents (src/datasets: data-proxy bucket, then jugit/gitlab mirrors),
 * the object store the data-proxy redirects bucket downloads to, the Allen Brain API of the
 * gene-expression live query (`livequeries/allen.py`), the spatial backend of point warping
 * (`locations/location.py`) and the BigBrain layer-profile repository on GitHub (`livequeries/bigbrain.py`,
 * which redirects to raw.githubusercontent.com).
 */
export const SERVICE_HOSTS: readonly string[] = [
  "data-proxy.ebrains.eu",
  "object.cscs.ch",
  "jugit.fz-juelich.de",
  "gitlab.ebrains.eu",
  "api.brain-map.org",
  "siibra-spatial-backend.apps.ebrains.eu",
  "github.com",
  "raw.githubusercontent.com",
];

const URL_IN_TEXT = /https?:\/\/[^\s"'<>()[\]{}\\,;]+/g;

/** Every http(s) URL found in a string value of the configuration (ids, data URLs, descriptions). */
export function configuredUrls(files: ConfigFiles): Set<string> {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      if (value.includes("http")) for (const m of value.matchAll(URL_IN_TEXT)) out.add(m[0]);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v);
    } else if (value && typeof value === "object") {
      for (const v of Object.values(value)) walk(v);
    }
  };
  for (const [, doc] of files.files) walk(doc);
  return out;
}

/** The allow-list of the data fetcher (built once, in the composition root). */
export function serviceAllowList(files: ConfigFiles, remap: RemapRules, extraHosts: readonly string[]): HostAllowList {
  return buildAllowList({ urls: configuredUrls(files), hosts: [...SERVICE_HOSTS, ...extraHosts], remap });
}

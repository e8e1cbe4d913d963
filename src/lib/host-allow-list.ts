/**
 * The hosts outbound requests may contact. Built once at compose time from the URLs the configuration
 * names, the service's own fixed hosts and an operator's extra hosts, each also as remapped, so a
 * mirror or test fixture that `SIIBRA_API_REMAP_PROVIDERS` points at is allowed and nothing else is.
 * Hosts compare as `URL.host` (lower-case, with a non-default port).
 */
import { remapUrl } from "./remap.ts";
import type { RemapRules } from "./remap.ts";

export class HostAllowList {
  private readonly hosts: ReadonlySet<string>;

  constructor(hosts: Iterable<string>) {
    this.hosts = new Set([...hosts].map((h) => h.toLowerCase()));
  }

  /** Only http(s) URLs whose host is listed. */
  allows(url: URL): boolean {
    return (url.protocol === "https:" || url.protocol === "http:") && this.hosts.has(url.host);
  }

  get size(): number {
    return this.hosts.size;
  }

  list(): string[] {
    return [...this.hosts].sort();
  }
}

export type AllowListSources = {
  /**
   * Full URLs (e.g. every URL found in the configuration); their hosts, as given and as remapped.
   * IP literals among them are skipped: the configuration names data hosts by name, and a mistyped DOI
   * such as `https://10.1016/j.x` parses as the private address 10.0.3.248. Remap targets, bare `hosts`
   * and an operator's extra hosts may be addresses.
   */
  urls?: Iterable<string>;
  /** Bare hosts (`host` or `host:port`) or URLs; as given and as remapped (both schemes tried). */
  hosts?: Iterable<string>;
  remap?: RemapRules;
};

export function buildAllowList(sources: AllowListSources): HostAllowList {
  const rules = sources.remap ?? [];
  const out = new Set<string>();
  const add = (url: string, literalIps: boolean) => {
    const host = parseHost(url);
    if (host && (literalIps || !isIpLiteral(host))) out.add(host);
  };
  const addWithRemap = (url: string, literalIps = true) => {
    add(url, literalIps);
    add(remapUrl(url, rules), true);
  };
  // Thousands of URLs share a few dozen authorities: parse each authority once unless a rule applies.
  const seen = new Set<string>();
  for (const url of sources.urls ?? []) {
    if (rules.some(([from]) => url.includes(from))) {
      addWithRemap(url, false);
      continue;
    }
    const authority = /^https?:\/\/[^/?#]*/i.exec(url)?.[0];
    if (!authority || seen.has(authority)) continue;
    seen.add(authority);
    add(`${authority}/`, false);
  }
  for (const h of sources.hosts ?? []) {
    if (/^https?:\/\//i.test(h)) addWithRemap(h);
    else for (const scheme of ["https", "http"]) addWithRemap(`${scheme}://${h}/`);
  }
  // Rule targets that are URLs are allowed outright: that is how mirrors and test fixtures are reached.
  for (const [, to] of rules) if (/^https?:\/\//i.test(to)) add(to, true);
  return new HostAllowList(out);
}

function isIpLiteral(host: string): boolean {
  return host.startsWith("[") || /^[\d.]+(:\d+)?$/.test(host);
}

function parseHost(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.host : null;
  } catch {
    return null;
  }
}

/**
 * Per-host memory of outages: after a host failed to connect or to answer within the budget, requests
 * to it fail at once for `ttlMs` instead of each waiting for their own timeout. Any answer from the
 * host (even a 404) clears it. Hosts come from the allow-list, so the map stays small.
 */
export type RememberedFailure = { reason: string; at: number; until: number };

export class HostFailureMemory {
  private readonly failures = new Map<string, RememberedFailure>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The live failure of `host`, or null (expired entries are dropped). */
  check(host: string): RememberedFailure | null {
    const hit = this.failures.get(host);
    if (!hit) return null;
    if (this.now() < hit.until) return hit;
    this.failures.delete(host);
    return null;
  }

  remember(host: string, reason: string): void {
    if (this.ttlMs <= 0) return;
    const at = this.now();
    this.failures.set(host, { reason, at, until: at + this.ttlMs });
  }

  forget(host: string): void {
    this.failures.delete(host);
  }

  /** Human phrase for an error: "failed 3 s ago (…); not retried for another 27 s". */
  describe(hit: RememberedFailure): string {
    const ago = Math.round((this.now() - hit.at) / 1000);
    const left = Math.max(1, Math.ceil((hit.until - this.now()) / 1000));
    return `failed ${ago} s ago (${hit.reason}); not retried for another ${left} s`;
  }
}

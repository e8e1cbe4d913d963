/**
 * Deduplication within the 10-minute window: by `Upstash-Deduplication-Id`, or by a hash of destination, body,
 * content type and forwarded headers for `Upstash-Content-Based-Deduplication: true`.
 */
import { sha256, toBase64 } from "./encoding.ts";
import { DEDUP_WINDOW_MS } from "./constants.ts";
import type { MessageSpec } from "./types.ts";

export class DedupStore {
  /** Insertion order equals expiry order, so expired entries are always at the front. */
  private readonly entries = new Map<string, { messageId: string; expiresAt: number }>();

  constructor(private readonly windowMs = DEDUP_WINDOW_MS) {}

  /** The key this message deduplicates on, or undefined when it asked for no deduplication. */
  async keyFor(spec: MessageSpec): Promise<string | undefined> {
    if (spec.deduplicationId !== undefined) return `id:${spec.deduplicationId}`;
    if (!spec.contentBasedDeduplication) return undefined;
    const forwarded = [...spec.forwardHeaders].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`);
    const prefix = new TextEncoder().encode([spec.url, spec.contentType ?? "", ...forwarded, ""].join("\n"));
    const all = new Uint8Array(prefix.length + spec.body.length);
    all.set(prefix);
    all.set(spec.body, prefix.length);
    return `content:${toBase64(await sha256(all))}`;
  }

  /** The earlier messageId when the key was seen within the window. */
  lookup(key: string): string | undefined {
    this.prune();
    return this.entries.get(key)?.messageId;
  }

  remember(key: string, messageId: string): void {
    this.entries.set(key, { messageId, expiresAt: Date.now() + this.windowMs });
  }

  private prune(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}

/**
 * The in-memory message lifecycle: wait for a flow-control slot → signed delivery attempt → done, or retry
 * with back-off until the retries are used up. A 489 with `Upstash-NonRetryable-Error: true` fails at once.
 */
import { DEDUP_WINDOW_MS, defaultRetryDelayMs } from "./constants.ts";
import { signJwt } from "./signature.ts";
import type { MessageSpec } from "./publish.ts";

export type LocalQStashStats = {
  published: number;
  deduplicated: number;
  attempts: number;
  delivered: number;
  failed: number;
  /** Accepted, not finished and not being delivered (waiting for a slot or a retry). */
  pending: number;
  inFlight: number;
};

type Message = MessageSpec & { id: string; retried: number; active: boolean };

export type SchedulerConfig = {
  signingKey: () => string;
  retryDelayMs?: (retried: number) => number;
  log: (line: string) => void;
};

export class Scheduler {
  private readonly live = new Set<Message>();
  /** Due messages waiting for their flow-control slot, in publish order. */
  private waiting: Message[] = [];
  /** Attempts in flight per flow-control key, and each key's latest published parallelism. */
  private readonly inFlight = new Map<string, number>();
  private readonly parallelism = new Map<string, number>();
  private readonly dedup = new Map<string, { id: string; until: number }>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly attempts = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly idle = new Set<() => void>();
  private readonly counters = { published: 0, deduplicated: 0, attempts: 0, delivered: 0, failed: 0 };

  constructor(private readonly config: SchedulerConfig) {}

  /** Accepts a message; a deduplication id seen within 10 minutes returns the first message's id. */
  publish(spec: MessageSpec): { messageId: string; deduplicated?: true } {
    const now = Date.now();
    const earlier = spec.deduplicationId === undefined ? undefined : this.dedup.get(spec.deduplicationId);
    if (earlier && earlier.until > now) {
      this.counters.deduplicated++;
      return { messageId: earlier.id, deduplicated: true };
    }
    const message: Message = { ...spec, id: `msg_${crypto.randomUUID()}`, retried: 0, active: false };
    if (spec.deduplicationId !== undefined)
      this.dedup.set(spec.deduplicationId, { id: message.id, until: now + DEDUP_WINDOW_MS });
    if (spec.flowControl) this.parallelism.set(spec.flowControl.key, spec.flowControl.parallelism);
    this.counters.published++;
    this.live.add(message);
    this.waiting.push(message);
    this.pump();
    return { messageId: message.id };
  }

  stats(): LocalQStashStats {
    const inFlight = [...this.live].filter((m) => m.active).length;
    return { ...this.counters, pending: this.live.size - inFlight, inFlight };
  }

  /** Resolves once nothing is pending or in flight. */
  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idle.delete(done);
        reject(new Error(`local QStash not idle after ${timeoutMs} ms: ${JSON.stringify(this.stats())}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idle.add(done);
    });
  }

  /** Aborts deliveries in flight and drops pending retries. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error("local QStash stopped"));
    for (const timer of this.timers) clearTimeout(timer);
    this.waiting = [];
    await Promise.allSettled([...this.attempts]);
    this.live.clear();
    this.settle();
  }

  /** Starts every waiting message whose flow-control key has a free slot, oldest first. */
  private pump(): void {
    if (this.stopping.signal.aborted) return;
    this.waiting = this.waiting.filter((message) => {
      const key = message.flowControl?.key;
      if (key !== undefined && (this.inFlight.get(key) ?? 0) >= (this.parallelism.get(key) ?? 1)) return true;
      if (key !== undefined) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      const run = this.attempt(message).finally(() => this.attempts.delete(run));
      this.attempts.add(run);
      return false;
    });
  }

  private async attempt(message: Message): Promise<void> {
    message.active = true;
    this.counters.attempts++;
    const result = await this.deliver(message);
    message.active = false;
    const key = message.flowControl?.key;
    if (key !== undefined) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    if (this.stopping.signal.aborted) return;

    const label = `${message.id} → ${message.url}`;
    if (result.ok) {
      this.config.log(`${label}: ${result.status} delivered (retried ${message.retried})`);
      this.counters.delivered++;
      this.finish(message);
    } else if (result.nonRetryable || message.retried >= message.maxRetries) {
      this.config.log(`${label}: ${result.why}, failed${result.nonRetryable ? " (non-retryable)" : ""}`);
      this.counters.failed++;
      this.finish(message);
    } else {
      const delay = (this.config.retryDelayMs ?? defaultRetryDelayMs)(message.retried);
      this.config.log(`${label}: ${result.why}, retry ${message.retried + 1}/${message.maxRetries} in ${delay} ms`);
      message.retried++;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiting.push(message);
        this.pump();
      }, delay);
      this.timers.add(timer);
    }
    this.pump();
  }

  /** One signed attempt; the timeout covers the response body too. Never throws. */
  private async deliver(message: Message) {
    const abort = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(message.timeoutMs)]);
    try {
      const headers = new Headers(message.forward);
      if (message.contentType !== null) headers.set("Content-Type", message.contentType);
      headers.set("User-Agent", "Upstash-QStash");
      headers.set(
        "Upstash-Signature",
        await signJwt(this.config.signingKey(), { sub: message.url, body: message.body }),
      );
      headers.set("Upstash-Message-Id", message.id);
      headers.set("Upstash-Retried", String(message.retried));
      const res = await fetch(message.url, { method: "POST", headers, body: message.body, signal: abort });
      await res.arrayBuffer();
      const nonRetryable = res.status === 489 && res.headers.get("upstash-nonretryable-error") === "true";
      return { ok: res.status >= 200 && res.status < 300, status: res.status, why: `HTTP ${res.status}`, nonRetryable };
    } catch (error) {
      const reason = abort.aborted ? abort.reason : error;
      return { ok: false, why: String(reason instanceof Error ? reason.message : reason), nonRetryable: false };
    }
  }

  private finish(message: Message): void {
    this.live.delete(message);
    if (this.live.size === 0) this.settle();
  }

  private settle(): void {
    for (const done of this.idle) done();
    this.idle.clear();
  }
}

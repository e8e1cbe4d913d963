/**
 * The in-memory message lifecycle: wait for not-before → wait for queue / flow-control slots → attempt →
 * retry with back-off or finish (delivered, DLQ + failure callback, cancelled). Callbacks are ordinary messages.
 */
import { attempt } from "./attempt.ts";
import type { AttemptResult } from "./attempt.ts";
import { callbackBody } from "./callback-body.ts";
import { defaultRetryDelayMs, MAX_RETRY_DELAY_MS } from "./constants.ts";
import { headerRecord, toBase64, utf8OrUndefined } from "./encoding.ts";
import { Gates } from "./gates.ts";
import { newDlqId, newMessageId } from "./ids.ts";
import { compileRetryDelay } from "./retry-delay.ts";
import { signDelivery } from "./signature.ts";
import type { DeliverySpec, DlqEntry, LocalQStashStats, MessageRecord, MessageSpec } from "./types.ts";

export interface SchedulerConfig {
  signingKey: () => string;
  retryDelayMs?: (retried: number) => number;
  log: (line: string) => void;
}

/**
 * Messages in one lane face the same gates: same queue, same flow-control key, and the same queue-slot status
 * (a retrying queue message already holds its slot and must not wait behind messages that need one).
 */
function laneOf(message: MessageRecord): string {
  return `${message.queueName ?? ""}\u0000${message.flowControl?.key ?? ""}\u0000${message.holdsQueueSlot ? 1 : 0}`;
}

/** Methods fetch refuses a body for; QStash signs what is actually sent. */
const BODYLESS = new Set(["GET", "HEAD"]);

export class Scheduler {
  readonly gates = new Gates();
  /** Every message that is not final yet, by id. */
  private readonly live = new Map<string, MessageRecord>();
  /**
   * Due messages waiting for a gate, in lanes of messages that share the same gates (see laneOf), each in
   * insertion order (FIFO for queues). When a lane's head is blocked the whole lane is, so a pass costs
   * O(lanes + started) rather than O(waiting messages).
   */
  private readonly ready = new Map<string, Set<MessageRecord>>();
  private readonly dlq: DlqEntry[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopController = new AbortController();
  private readonly idleWaiters = new Set<() => void>();
  private readonly counters = {
    published: 0,
    deduplicated: 0,
    attempts: 0,
    delivered: 0,
    failed: 0,
    cancelled: 0,
    callbacks: 0,
  };
  private pumpQueued = false;
  private rateTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly config: SchedulerConfig) {}

  noteDeduplicated(): void {
    this.counters.deduplicated++;
  }

  /** Accepts a published message and returns its id. */
  publish(spec: MessageSpec): string {
    this.counters.published++;
    return this.submit(spec, "message").messageId;
  }

  get(messageId: string): MessageRecord | undefined {
    return this.live.get(messageId);
  }

  messages(): IterableIterator<MessageRecord> {
    return this.live.values();
  }

  dlqEntries(): DlqEntry[] {
    return this.dlq;
  }

  /** True when the message existed and was not final. An attempt in flight completes but is neither retried nor reported. */
  cancel(messageId: string): boolean {
    const message = this.live.get(messageId);
    if (!message || message.cancelRequested) return false;
    message.cancelRequested = true;
    this.counters.cancelled++;
    if (message.state !== "ACTIVE") this.finish(message, "CANCELLED");
    return true;
  }

  /** Queue slot or parallelism changes may unblock messages. */
  poke(): void {
    this.schedulePump();
  }

  stats(): LocalQStashStats {
    let inFlight = 0;
    for (const message of this.live.values()) if (message.state === "ACTIVE") inFlight++;
    return { ...this.counters, pending: this.live.size - inFlight, inFlight, dlq: [...this.dlq] };
  }

  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(done);
        reject(
          new Error(
            `local QStash not idle after ${timeoutMs} ms: ${JSON.stringify({ ...this.stats(), dlq: undefined })}`,
          ),
        );
      }, timeoutMs);
      this.idleWaiters.add(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopController.abort();
    clearTimeout(this.rateTimer);
    for (const message of this.live.values()) clearTimeout(message.timer);
    this.ready.clear();
    await Promise.allSettled([...this.inFlight]);
    for (const resolve of this.idleWaiters) resolve();
    this.idleWaiters.clear();
  }

  private submit(spec: MessageSpec, kind: MessageRecord["kind"]): MessageRecord {
    const message: MessageRecord = {
      ...spec,
      messageId: newMessageId(),
      createdAt: Date.now(),
      kind,
      state: "CREATED",
      retried: 0,
      holdsQueueSlot: false,
      cancelRequested: false,
    };
    if (message.flowControl) this.gates.configureFlow(message.flowControl);
    this.live.set(message.messageId, message);
    this.wakeAt(message, message.notBefore);
    return message;
  }

  /** Makes the message due at `at` (ms since epoch). */
  private wakeAt(message: MessageRecord, at: number): void {
    if (this.stopped) return;
    const delay = at - Date.now();
    if (delay <= 0) {
      const lane = laneOf(message);
      const messages = this.ready.get(lane) ?? new Set();
      this.ready.set(lane, messages);
      messages.add(message);
      this.schedulePump();
      return;
    }
    message.timer = setTimeout(
      () => {
        message.timer = undefined;
        this.wakeAt(message, 0);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
  }

  /** Coalesces the many events of one tick (completions, publishes) into a single pass. */
  private schedulePump(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopped) return;
    const now = Date.now();
    let nextRateSlot = Infinity;
    for (const [lane, messages] of this.ready) {
      for (const message of messages) {
        const decision = this.gates.check(message, now);
        if (decision === false) break;
        if (decision !== true) {
          nextRateSlot = Math.min(nextRateSlot, decision);
          break;
        }
        messages.delete(message);
        this.gates.acquire(message, now);
        this.start(message);
      }
      if (messages.size === 0) this.ready.delete(lane);
    }
    clearTimeout(this.rateTimer);
    this.rateTimer = undefined;
    if (nextRateSlot !== Infinity) {
      this.rateTimer = setTimeout(() => this.schedulePump(), Math.max(0, nextRateSlot - Date.now()));
    }
  }

  private start(message: MessageRecord): void {
    message.state = "ACTIVE";
    this.counters.attempts++;
    // Only a throwing user hook (log, retryDelayMs) can land here; keep the process alive and say so.
    const run = this.runAttempt(message)
      .catch((error: unknown) => console.error(`[local-qstash] error after delivering ${message.messageId}:`, error))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Signs and sends one attempt. Never throws: a local error counts as a failed attempt, so no slot leaks. */
  private async deliver(message: MessageRecord): Promise<AttemptResult> {
    try {
      const body = BODYLESS.has(message.method) ? null : message.body;
      const headers = new Headers(message.forwardHeaders);
      if (message.contentType !== null) headers.set("Content-Type", message.contentType);
      headers.set("User-Agent", "Upstash-QStash");
      headers.set(
        "Upstash-Signature",
        await signDelivery(this.config.signingKey(), message.url, body ?? new Uint8Array(0)),
      );
      headers.set("Upstash-Message-Id", message.messageId);
      headers.set("Upstash-Retried", String(message.retried));
      headers.set("Upstash-Caller-Ip", message.callerIp);
      return await attempt({
        url: message.url,
        method: message.method,
        headers,
        body,
        timeoutMs: message.timeoutMs,
        signal: this.stopController.signal,
      });
    } catch (error) {
      return { ok: false, body: new Uint8Array(0), error: `local QStash error: ${String(error)}`, nonRetryable: false };
    }
  }

  private async runAttempt(message: MessageRecord): Promise<void> {
    const result = await this.deliver(message);
    this.gates.releaseAttempt(message);
    if (this.stopped) return;
    if (message.cancelRequested) return this.finish(message, "CANCELLED");

    const label = `${message.kind} ${message.messageId} → ${message.method} ${message.url}`;
    // The callback carries the endpoint's response, so there is none without one.
    if (message.callback && result.status !== undefined)
      this.spawnCallback(message.callback, callbackBody(message, result), "callback");

    if (result.ok) {
      this.config.log(`${label}: ${result.status} delivered (retried ${message.retried})`);
      this.counters.delivered++;
      return this.finish(message, "DELIVERED");
    }
    const why = result.status === undefined ? result.error : `HTTP ${result.status}`;
    if (result.nonRetryable || message.retried >= message.maxRetries) {
      this.config.log(`${label}: ${why}, failed${result.nonRetryable ? " (non-retryable)" : ""} → DLQ`);
      return this.fail(message, result);
    }
    const delay = this.retryDelay(message, result);
    this.config.log(`${label}: ${why}, retry ${message.retried + 1}/${message.maxRetries} in ${delay} ms`);
    message.retried++;
    message.state = "RETRY";
    this.wakeAt(message, Date.now() + delay);
    this.schedulePump();
  }

  /** Per-response Retry-After, else the message's expression, else the configured development back-off. */
  private retryDelay(message: MessageRecord, result: AttemptResult): number {
    let delay: number;
    if (result.retryAfterMs !== undefined) delay = result.retryAfterMs;
    else if (message.retryDelay !== undefined) delay = compileRetryDelay(message.retryDelay)(message.retried);
    else delay = (this.config.retryDelayMs ?? defaultRetryDelayMs)(message.retried);
    return Number.isFinite(delay) ? Math.min(Math.max(0, Math.round(delay)), MAX_RETRY_DELAY_MS) : 0;
  }

  private fail(message: MessageRecord, result: AttemptResult): void {
    const entry: DlqEntry = {
      dlqId: newDlqId(),
      messageId: message.messageId,
      url: message.url,
      method: message.method,
      queueName: message.queueName,
      flowControlKey: message.flowControl?.key,
      maxRetries: message.maxRetries,
      createdAt: message.createdAt,
      notBefore: message.notBefore,
      header: message.sourceHeaders,
      body: utf8OrUndefined(message.body) ?? toBase64(message.body),
      responseStatus: result.status ?? 0,
      responseHeader: result.headers ? headerRecord(result.headers) : {},
      responseBody: utf8OrUndefined(result.body) ?? toBase64(result.body),
      ...(result.error === undefined ? {} : { error: result.error }),
    };
    this.dlq.push(entry);
    this.counters.failed++;
    if (message.failureCallback) {
      this.spawnCallback(message.failureCallback, callbackBody(message, result, entry.dlqId), "failure-callback");
    }
    this.finish(message, "FAILED");
  }

  private spawnCallback(spec: DeliverySpec, payload: object, kind: "callback" | "failure-callback"): void {
    this.counters.callbacks++;
    const body = new TextEncoder().encode(JSON.stringify(payload));
    this.submit(
      {
        ...spec,
        body,
        contentType: "application/json",
        notBefore: Date.now() + spec.delayMs,
        contentBasedDeduplication: false,
        sourceHeaders: headerRecord([...spec.forwardHeaders, ["content-type", "application/json"]]),
        callerIp: "",
      },
      kind,
    );
  }

  private unready(message: MessageRecord): void {
    const lane = laneOf(message);
    const messages = this.ready.get(lane);
    if (messages?.delete(message) && messages.size === 0) this.ready.delete(lane);
  }

  private finish(message: MessageRecord, state: "DELIVERED" | "FAILED" | "CANCELLED"): void {
    message.state = state;
    clearTimeout(message.timer);
    message.timer = undefined;
    this.unready(message);
    this.gates.releaseQueue(message);
    this.live.delete(message.messageId);
    this.schedulePump();
    if (this.live.size === 0) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters.clear();
    }
  }
}

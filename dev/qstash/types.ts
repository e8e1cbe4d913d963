/** Public and internal types of the local QStash scheduler. */

/** Bodies are plain ArrayBuffer-backed bytes (what fetch and WebCrypto accept). */
export type Bytes = Uint8Array<ArrayBuffer>;

export interface LocalQStashOptions {
  /** 0 picks a free port. Default 8080 (the official dev server's port). */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Bearer token clients must send. Default: the official dev token. */
  token?: string;
  currentSigningKey?: string;
  nextSigningKey?: string;
  /**
   * Delay before retry number `retried + 1` when the message has no `Upstash-Retry-Delay` and the response no
   * `Retry-After`. `retried` is 0 before the first retry. Default 200 ms × (retried + 1).
   */
  retryDelayMs?: (retried: number) => number;
  /** `Upstash-Retries` when the publisher sends none. Default 3. */
  maxRetriesDefault?: number;
  /** Attempt timeout when the publisher sends no `Upstash-Timeout`. Default 15 min. */
  defaultTimeoutMs?: number;
  /** Receives one line per noteworthy event; silent when absent. */
  log?: (line: string) => void;
}

export interface SigningKeys {
  current: string;
  next: string;
}

export interface LocalQStashStats {
  /** Messages accepted through publish/enqueue/batch (deduplicated ones excluded). */
  published: number;
  deduplicated: number;
  /** HTTP attempts started, callbacks included. */
  attempts: number;
  delivered: number;
  /** Messages that ended in the DLQ. */
  failed: number;
  cancelled: number;
  /** Callback and failure-callback messages created. */
  callbacks: number;
  /** Accepted, not finished and not currently being delivered (delayed, waiting for a retry or a slot). */
  pending: number;
  inFlight: number;
  dlq: DlqEntry[];
}

export interface LocalQStash {
  /** Base URL for `new Client({ baseUrl })`. */
  url: string;
  port: number;
  token: string;
  stats(): LocalQStashStats;
  /** Keys the server reports and signs with (it signs with `current`). */
  signingKeys(): SigningKeys;
  /** Like `POST /v2/keys/rotate`: next becomes current, a fresh key becomes next. */
  rotateSigningKeys(): SigningKeys;
  /** Resolves once nothing is pending or in flight (callbacks included); rejects after `timeoutMs`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Stops listening, aborts in-flight deliveries and clears every timer. */
  stop(): Promise<void>;
}

export type HeaderRecord = Record<string, string[]>;

export interface FlowControlSpec {
  key: string;
  parallelism?: number;
  rate?: number;
  periodMs: number;
}

/** How to deliver one HTTP message; shared by published messages and the callbacks they spawn. */
export interface DeliverySpec {
  url: string;
  method: string;
  /** Forwarded headers as delivered (prefix stripped). */
  forwardHeaders: [string, string][];
  maxRetries: number;
  /** Raw `Upstash-Retry-Delay` expression, evaluated per retry. */
  retryDelay?: string;
  timeoutMs: number;
  delayMs: number;
}

export interface MessageSpec extends DeliverySpec {
  body: Bytes;
  contentType: string | null;
  notBefore: number;
  queueName?: string;
  flowControl?: FlowControlSpec;
  callback?: DeliverySpec;
  failureCallback?: DeliverySpec;
  label?: string;
  deduplicationId?: string;
  contentBasedDeduplication: boolean;
  /** Publish-request headers, reported back in message details and callback bodies. */
  sourceHeaders: HeaderRecord;
  callerIp: string;
}

export type MessageState = "CREATED" | "ACTIVE" | "RETRY" | "DELIVERED" | "FAILED" | "CANCELLED";

export interface MessageRecord extends MessageSpec {
  messageId: string;
  createdAt: number;
  kind: "message" | "callback" | "failure-callback";
  state: MessageState;
  retried: number;
  /** Queue slots are held from the first attempt until the message is final (FIFO for parallelism 1). */
  holdsQueueSlot: boolean;
  /** Cancel requested while an attempt was in flight: finish without retries or callbacks. */
  cancelRequested: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export interface DlqEntry {
  dlqId: string;
  messageId: string;
  url: string;
  method: string;
  queueName?: string;
  flowControlKey?: string;
  maxRetries: number;
  createdAt: number;
  notBefore: number;
  header: HeaderRecord;
  body: string;
  responseStatus: number;
  responseHeader: HeaderRecord;
  responseBody: string;
  /** Why the last attempt failed when no HTTP response came back. */
  error?: string;
}

/**
 * Turns a publish/enqueue/batch request (destination, headers, body) into a validated MessageSpec. Errors are
 * returned as text for a 400 `{"error": …}`, the way the real service rejects bad headers at publish time.
 */
import { parseDurationMs } from "./duration.ts";
import { compileRetryDelay } from "./retry-delay.ts";
import { headerRecord } from "./encoding.ts";
import type { Bytes, DeliverySpec, FlowControlSpec, MessageSpec } from "./types.ts";

export interface PublishDefaults {
  maxRetries: number;
  timeoutMs: number;
}

export interface PublishInput {
  destination: string;
  headers: Headers;
  body: Bytes;
  queueName?: string;
  callerIp: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const QUEUE_NAME = /^[A-Za-z0-9._-]+$/;

export function isValidQueueName(name: string): boolean {
  return QUEUE_NAME.test(name);
}

/** Only absolute http(s) URLs; URL groups and the LLM/e-mail APIs are not emulated. */
export function normalizeDestination(raw: string): ParseResult<string> {
  // A proxy (or a client normalizing paths) may have merged "http://" into "http:/".
  const fixed = raw.replace(/^(https?):\/(?!\/)/, "$1://");
  if (!/^https?:\/\//.test(fixed)) {
    return {
      ok: false,
      error: `invalid destination url: "${raw}" (the local QStash supports only http(s) URLs, not URL groups or APIs)`,
    };
  }
  try {
    new URL(fixed);
  } catch {
    return { ok: false, error: `invalid destination url: "${raw}"` };
  }
  return { ok: true, value: fixed };
}

function parseNonNegativeInt(value: string, header: string): ParseResult<number> {
  if (!/^\d+$/.test(value.trim())) return { ok: false, error: `invalid ${header} header: "${value}"` };
  return { ok: true, value: Number(value) };
}

function parseDuration(value: string, header: string): ParseResult<number> {
  const ms = parseDurationMs(value);
  return ms === undefined ? { ok: false, error: `invalid ${header} header: "${value}"` } : { ok: true, value: ms };
}

/** Method, retries, retry delay, timeout, delay and forwarded headers under one prefix ("", "callback-", …). */
function parseDelivery(
  url: string,
  headers: Headers,
  prefix: string,
  defaults: PublishDefaults,
): ParseResult<DeliverySpec> {
  const h = (name: string): string | null => headers.get(`upstash-${prefix}${name}`);
  const spec: DeliverySpec = {
    url,
    method: (h("method") ?? "POST").toUpperCase(),
    forwardHeaders: [],
    maxRetries: defaults.maxRetries,
    timeoutMs: defaults.timeoutMs,
    delayMs: 0,
  };
  if (!/^[A-Z]+$/.test(spec.method))
    return { ok: false, error: `invalid Upstash-${prefix}Method header: "${spec.method}"` };
  const retries = h("retries");
  if (retries !== null) {
    const parsed = parseNonNegativeInt(retries, `Upstash-${prefix}Retries`);
    if (!parsed.ok) return parsed;
    spec.maxRetries = parsed.value;
  }
  const retryDelay = h("retry-delay");
  if (retryDelay !== null) {
    try {
      compileRetryDelay(retryDelay);
    } catch (error) {
      return { ok: false, error: `invalid Upstash-${prefix}Retry-Delay header: ${(error as Error).message}` };
    }
    spec.retryDelay = retryDelay;
  }
  const timeout = h("timeout");
  if (timeout !== null) {
    const parsed = parseDuration(timeout, `Upstash-${prefix}Timeout`);
    if (!parsed.ok) return parsed;
    spec.timeoutMs = parsed.value;
  }
  const delay = h("delay");
  if (delay !== null) {
    const parsed = parseDuration(delay, `Upstash-${prefix}Delay`);
    if (!parsed.ok) return parsed;
    spec.delayMs = parsed.value;
  }
  const forwardPrefix = `upstash-${prefix}forward-`;
  for (const [name, value] of headers) {
    if (name.startsWith(forwardPrefix) && name.length > forwardPrefix.length) {
      spec.forwardHeaders.push([name.slice(forwardPrefix.length), value]);
    }
  }
  return { ok: true, value: spec };
}

/** `parallelism=3, rate=10, period=1m`; the period defaults to one second. */
export function parseFlowControl(key: string, value: string): ParseResult<FlowControlSpec> {
  const spec: FlowControlSpec = { key, periodMs: 1000 };
  for (const part of value.split(",")) {
    const [name = "", raw = ""] = part.split("=").map((s) => s.trim());
    if (name === "") continue;
    if (name === "parallelism" || name === "rate") {
      if (!/^\d+$/.test(raw) || Number(raw) < 1) return { ok: false, error: `invalid flow control ${name}: "${raw}"` };
      spec[name] = Number(raw);
    } else if (name === "period") {
      const ms = parseDurationMs(raw);
      if (ms === undefined || ms <= 0) return { ok: false, error: `invalid flow control period: "${raw}"` };
      spec.periodMs = ms;
    } else {
      return { ok: false, error: `unknown flow control setting: "${name}"` };
    }
  }
  if (spec.parallelism === undefined && spec.rate === undefined) {
    return { ok: false, error: "Upstash-Flow-Control-Value needs parallelism and/or rate" };
  }
  return { ok: true, value: spec };
}

function parseCallbackUrl(value: string | null, header: string): ParseResult<string | undefined> {
  if (value === null) return { ok: true, value: undefined };
  const url = normalizeDestination(value);
  return url.ok ? url : { ok: false, error: `invalid ${header} header: "${value}"` };
}

export function parsePublish(input: PublishInput, defaults: PublishDefaults): ParseResult<MessageSpec> {
  const { headers } = input;
  const destination = normalizeDestination(input.destination);
  if (!destination.ok) return destination;
  if (input.queueName !== undefined && !isValidQueueName(input.queueName)) {
    return { ok: false, error: `invalid queue name: "${input.queueName}"` };
  }
  const delivery = parseDelivery(destination.value, headers, "", defaults);
  if (!delivery.ok) return delivery;

  // Upstash-Not-Before (unix seconds) wins over Upstash-Delay.
  let notBefore = Date.now() + delivery.value.delayMs;
  const notBeforeHeader = headers.get("upstash-not-before");
  if (notBeforeHeader !== null) {
    const parsed = parseNonNegativeInt(notBeforeHeader, "Upstash-Not-Before");
    if (!parsed.ok) return parsed;
    notBefore = parsed.value * 1000;
  }

  let flowControl: FlowControlSpec | undefined;
  const flowKey = headers.get("upstash-flow-control-key");
  if (flowKey !== null) {
    const parsed = parseFlowControl(flowKey, headers.get("upstash-flow-control-value") ?? "");
    if (!parsed.ok) return parsed;
    flowControl = parsed.value;
  }

  const callbackUrl = parseCallbackUrl(headers.get("upstash-callback"), "Upstash-Callback");
  if (!callbackUrl.ok) return callbackUrl;
  const failureUrl = parseCallbackUrl(headers.get("upstash-failure-callback"), "Upstash-Failure-Callback");
  if (!failureUrl.ok) return failureUrl;
  let callback: DeliverySpec | undefined;
  if (callbackUrl.value !== undefined) {
    const parsed = parseDelivery(callbackUrl.value, headers, "callback-", defaults);
    if (!parsed.ok) return parsed;
    callback = parsed.value;
  }
  let failureCallback: DeliverySpec | undefined;
  if (failureUrl.value !== undefined) {
    const parsed = parseDelivery(failureUrl.value, headers, "failure-callback-", defaults);
    if (!parsed.ok) return parsed;
    failureCallback = parsed.value;
  }

  const contentType = headers.get("content-type");
  const shown: [string, string][] = [...delivery.value.forwardHeaders];
  if (contentType !== null) shown.push(["content-type", contentType]);

  return {
    ok: true,
    value: {
      ...delivery.value,
      body: input.body,
      contentType,
      notBefore,
      queueName: input.queueName,
      flowControl,
      callback,
      failureCallback,
      label: headers.get("upstash-label") ?? undefined,
      deduplicationId: headers.get("upstash-deduplication-id") ?? undefined,
      contentBasedDeduplication: headers.get("upstash-content-based-deduplication") === "true",
      sourceHeaders: headerRecord(shown),
      callerIp: input.callerIp,
    },
  };
}

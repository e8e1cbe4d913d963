/** JSON views of internal records in the shapes the SDK's types describe (Message, QueueResponse, …). */
import { toBase64, utf8OrUndefined } from "./encoding.ts";
import type { FlowState, QueueState } from "./gates.ts";
import type { MessageRecord } from "./types.ts";

export function messageView(message: MessageRecord): Record<string, unknown> {
  const text = utf8OrUndefined(message.body);
  const flow = message.flowControl;
  return {
    messageId: message.messageId,
    url: message.url,
    method: message.method,
    header: message.sourceHeaders,
    ...(text === undefined ? { bodyBase64: toBase64(message.body) } : { body: text }),
    maxRetries: message.maxRetries,
    retried: message.retried,
    state: message.state,
    retryDelayExpression: message.retryDelay,
    notBefore: message.notBefore,
    createdAt: message.createdAt,
    callback: message.callback?.url,
    failureCallback: message.failureCallback?.url,
    queueName: message.queueName,
    callerIp: message.callerIp,
    label: message.label,
    flowControlKey: flow?.key,
    parallelism: flow?.parallelism,
    rate: flow?.rate,
    period: flow ? flow.periodMs / 1000 : undefined,
  };
}

export function queueView(queue: QueueState, lag: number): Record<string, unknown> {
  return {
    name: queue.name,
    parallelism: queue.parallelism,
    paused: queue.paused,
    lag,
    createdAt: queue.createdAt,
    updatedAt: queue.updatedAt,
  };
}

export function flowControlView(flow: FlowState, waitListSize: number): Record<string, unknown> {
  const now = Date.now();
  const inPeriod = flow.starts.filter((t) => t > now - flow.periodMs);
  return {
    flowControlKey: flow.key,
    waitListSize,
    parallelismMax: flow.parallelism ?? 0,
    parallelismCount: flow.active,
    rateMax: flow.rate ?? 0,
    rateCount: inPeriod.length,
    ratePeriod: flow.periodMs / 1000,
    ratePeriodStart: Math.floor((inPeriod[0] ?? now) / 1000),
  };
}

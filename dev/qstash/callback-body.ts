/** JSON body QStash POSTs to `Upstash-Callback` (after each attempt) and `Upstash-Failure-Callback` (on failure). */
import { headerRecord, toBase64 } from "./encoding.ts";
import type { AttemptResult } from "./attempt.ts";
import type { MessageRecord } from "./types.ts";

export interface CallbackBody {
  status: number;
  header: Record<string, string[]>;
  /** Base64 of the endpoint's response body. */
  body: string;
  retried: number;
  maxRetries: number;
  sourceMessageId: string;
  topicName: string;
  endpointName: string;
  url: string;
  method: string;
  sourceHeader: Record<string, string[]>;
  sourceBody: string;
  notBefore: number;
  createdAt: number;
  scheduleId: string;
  callerIP: string;
  dlqId?: string;
}

export function callbackBody(message: MessageRecord, result: AttemptResult, dlqId?: string): CallbackBody {
  return {
    // 0 stands for "no HTTP response" (connection failure or timeout); only failure callbacks carry it.
    status: result.status ?? 0,
    header: result.headers ? headerRecord(result.headers) : {},
    body: toBase64(result.body),
    retried: message.retried,
    maxRetries: message.maxRetries,
    sourceMessageId: message.messageId,
    topicName: "",
    endpointName: "",
    url: message.url,
    method: message.method,
    sourceHeader: message.sourceHeaders,
    sourceBody: toBase64(message.body),
    notBefore: message.notBefore,
    createdAt: message.createdAt,
    scheduleId: "",
    callerIP: message.callerIp,
    ...(dlqId === undefined ? {} : { dlqId }),
  };
}

/**
 * Concurrency gates. Queues: `parallelism` slots held from a message's first attempt until it is final (retries
 * included), so parallelism 1 is FIFO. Flow-control keys: `parallelism` counts attempts in flight, `rate` counts
 * attempts started within a sliding `period`; the latest published value for a key wins, as in QStash.
 */
import type { FlowControlSpec, MessageRecord } from "./types.ts";

export interface QueueState {
  name: string;
  parallelism: number;
  paused: boolean;
  active: number;
  createdAt: number;
  updatedAt: number;
}

export interface FlowState extends FlowControlSpec {
  active: number;
  /** Start times within the current period (only tracked when `rate` is set). */
  starts: number[];
}

/** true: may start now; false: blocked until a slot frees; number: blocked until that time (rate limit). */
export type GateDecision = true | false | number;

export class Gates {
  readonly queues = new Map<string, QueueState>();
  readonly flows = new Map<string, FlowState>();

  /** Unknown queues are created on first use with parallelism 1, like enqueue does. */
  queue(name: string): QueueState {
    let queue = this.queues.get(name);
    if (!queue) {
      const now = Date.now();
      queue = { name, parallelism: 1, paused: false, active: 0, createdAt: now, updatedAt: now };
      this.queues.set(name, queue);
    }
    return queue;
  }

  upsertQueue(name: string, parallelism: number, paused: boolean): QueueState {
    const queue = this.queue(name);
    queue.parallelism = parallelism;
    queue.paused = paused;
    queue.updatedAt = Date.now();
    return queue;
  }

  configureFlow(spec: FlowControlSpec): void {
    const flow = this.flows.get(spec.key);
    if (flow) {
      flow.parallelism = spec.parallelism;
      flow.rate = spec.rate;
      flow.periodMs = spec.periodMs;
    } else {
      this.flows.set(spec.key, { ...spec, active: 0, starts: [] });
    }
  }

  check(message: MessageRecord, now: number): GateDecision {
    if (message.queueName !== undefined) {
      const queue = this.queue(message.queueName);
      if (queue.paused) return false;
      if (!message.holdsQueueSlot && queue.active >= queue.parallelism) return false;
    }
    const flow = message.flowControl ? this.flows.get(message.flowControl.key) : undefined;
    if (flow) {
      if (flow.parallelism !== undefined && flow.active >= flow.parallelism) return false;
      if (flow.rate !== undefined) {
        while (flow.starts.length > 0 && flow.starts[0]! <= now - flow.periodMs) flow.starts.shift();
        if (flow.starts.length >= flow.rate) return flow.starts[0]! + flow.periodMs;
      }
    }
    return true;
  }

  /** Takes the slots `check` allowed. */
  acquire(message: MessageRecord, now: number): void {
    if (message.queueName !== undefined && !message.holdsQueueSlot) {
      this.queue(message.queueName).active++;
      message.holdsQueueSlot = true;
    }
    const flow = message.flowControl ? this.flows.get(message.flowControl.key) : undefined;
    if (flow) {
      flow.active++;
      if (flow.rate !== undefined) flow.starts.push(now);
    }
  }

  /** After every attempt. */
  releaseAttempt(message: MessageRecord): void {
    const flow = message.flowControl ? this.flows.get(message.flowControl.key) : undefined;
    if (flow) flow.active = Math.max(0, flow.active - 1);
  }

  /** When the message is final. */
  releaseQueue(message: MessageRecord): void {
    if (message.queueName === undefined || !message.holdsQueueSlot) return;
    message.holdsQueueSlot = false;
    const queue = this.queues.get(message.queueName);
    if (queue) queue.active = Math.max(0, queue.active - 1);
  }
}

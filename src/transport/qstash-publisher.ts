import type { Client } from "@upstash/qstash";
import type { JobMessage } from "./message.ts";
import type { Queue } from "../../jobs/queues.ts";

export type QStashPublisherOptions = {
  qstash: { url: string; token: string };
  /** Worker base URLs per queue; several are used round-robin. */
  workers: Record<Queue, string[]>;
  parallelism: Record<Queue, number>;
  timeoutMs: Record<Queue, number>;
  retries: number;
};

export type QStashPublisher = {
  /** Sends `message` to a worker endpoint of its queue; rejects when QStash cannot be reached. */
  publish(message: JobMessage, deduplicationId: string): Promise<void>;
};

/**
 * The sending half of the transport, shared by awaited jobs and fire-and-forget tasks: one
 * flow-control key per criticality class, so expensive classes cannot take all worker capacity.
 */
export function qstashPublisher(opts: QStashPublisherOptions): QStashPublisher {
  // The SDK (~50 ms of imports) loads in the background from here, not at start-up: role `all` never
  // publishes; role `server` publishes after it listens. A publish before it is there waits for it.
  const client: Promise<Client> = import("@upstash/qstash").then(
    ({ Client }) =>
      new Client({
        baseUrl: opts.qstash.url,
        token: opts.qstash.token,
        devMode: false,
        enableTelemetry: false,
        retry: { retries: 2 },
      }),
  );
  client.catch(() => {});
  const cursor = new Map<Queue, number>();
  const pickWorker = (queue: Queue) => {
    const urls = opts.workers[queue];
    const i = cursor.get(queue) ?? 0;
    cursor.set(queue, i + 1);
    return urls[i % urls.length];
  };
  return {
    async publish(message, deduplicationId) {
      const queue = message.queue;
      await (await client).publishJSON({
        url: `${pickWorker(queue)}/_jobs/${queue}`,
        body: message,
        deduplicationId,
        retries: opts.retries,
        flowControl: { key: `siibra-edge-${queue}`, parallelism: opts.parallelism[queue] },
        timeout: Math.ceil(opts.timeoutMs[queue] / 1000),
      });
    },
  };
}

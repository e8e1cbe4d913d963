/** Publish, enqueue and each batch item share this: validate, deduplicate, hand to the scheduler. */
import { parsePublish } from "./publish-request.ts";
import type { PublishDefaults, PublishInput } from "./publish-request.ts";
import type { DedupStore } from "./dedup.ts";
import type { Scheduler } from "./scheduler.ts";

export type AcceptResult =
  | { status: 200; body: { messageId: string } }
  | { status: 202; body: { messageId: string; deduplicated: true } }
  | { status: 400; body: { error: string } };

export interface AcceptDeps {
  scheduler: Scheduler;
  dedup: DedupStore;
  defaults: () => PublishDefaults;
}

export async function accept(deps: AcceptDeps, input: PublishInput): Promise<AcceptResult> {
  const parsed = parsePublish(input, deps.defaults());
  if (!parsed.ok) return { status: 400, body: { error: parsed.error } };
  const key = await deps.dedup.keyFor(parsed.value);
  // No await between the lookup and remember(): concurrent duplicates cannot both get through.
  if (key !== undefined) {
    const existing = deps.dedup.lookup(key);
    if (existing !== undefined) {
      deps.scheduler.noteDeduplicated();
      return { status: 202, body: { messageId: existing, deduplicated: true } };
    }
  }
  if (parsed.value.queueName !== undefined) deps.scheduler.gates.queue(parsed.value.queueName);
  const messageId = deps.scheduler.publish(parsed.value);
  if (key !== undefined) deps.dedup.remember(key, messageId);
  return { status: 200, body: { messageId } };
}

/** Queues, messages, DLQ, signing keys and flow-control introspection. */
import { isValidQueueName } from "./publish-request.ts";
import { flowControlView, messageView, queueView } from "./views.ts";
import type { App, AppDeps } from "./app-types.ts";
import type { MessageRecord } from "./types.ts";

export function registerAdminRoutes(app: App, deps: AppDeps): void {
  const { scheduler } = deps;
  const gates = scheduler.gates;
  const inQueue = (name: string): MessageRecord[] => [...scheduler.messages()].filter((m) => m.queueName === name);

  app.get("/v2/keys", (c) => c.json(deps.keys()));
  app.post("/v2/keys/rotate", (c) => c.json(deps.rotateKeys()));

  app.post("/v2/queues", async (c) => {
    const body = (await c.req.json().catch(() => null)) as {
      queueName?: unknown;
      parallelism?: unknown;
      paused?: unknown;
    } | null;
    const name = body?.queueName;
    if (typeof name !== "string" || !isValidQueueName(name)) return c.json({ error: "invalid queueName" }, 400);
    const parallelism = body?.parallelism ?? 1;
    if (typeof parallelism !== "number" || !Number.isInteger(parallelism) || parallelism < 0) {
      return c.json({ error: "invalid parallelism" }, 400);
    }
    gates.upsertQueue(name, Math.max(1, parallelism), body?.paused === true);
    scheduler.poke();
    return c.body(null, 200);
  });
  app.get("/v2/queues", (c) => c.json([...gates.queues.values()].map((q) => queueView(q, inQueue(q.name).length))));
  app.get("/v2/queues/:name", (c) => {
    const queue = gates.queues.get(c.req.param("name"));
    return queue ? c.json(queueView(queue, inQueue(queue.name).length)) : c.json({ error: "queue not found" }, 404);
  });
  // Deleting a queue drops its pending messages.
  app.delete("/v2/queues/:name", (c) => {
    const name = c.req.param("name");
    if (!gates.queues.delete(name)) return c.json({ error: "queue not found" }, 404);
    for (const message of inQueue(name)) scheduler.cancel(message.messageId);
    return c.body(null, 200);
  });
  for (const action of ["pause", "resume"] as const) {
    app.post(`/v2/queues/:name/${action}`, (c) => {
      const queue = gates.queues.get(c.req.param("name"));
      if (!queue) return c.json({ error: "queue not found" }, 404);
      queue.paused = action === "pause";
      queue.updatedAt = Date.now();
      scheduler.poke();
      return c.body(null, 200);
    });
  }

  // Like QStash, only messages not yet final can be looked up or cancelled.
  app.get("/v2/messages/:id", (c) => {
    const message = scheduler.get(c.req.param("id"));
    return message ? c.json(messageView(message)) : c.json({ error: "message not found" }, 404);
  });
  app.delete("/v2/messages/:id", (c) =>
    scheduler.cancel(c.req.param("id")) ? c.json({ cancelled: 1 }) : c.json({ error: "message not found" }, 404),
  );
  // Bulk cancel: explicit messageIds, else every message matching the given filters (none = all).
  app.delete("/v2/messages", (c) => {
    const ids = c.req.queries("messageIds");
    const filters = (["queueName", "url", "flowControlKey", "label"] as const)
      .map((name) => [name, c.req.query(name)] as const)
      .filter((entry): entry is readonly [(typeof entry)[0], string] => entry[1] !== undefined);
    const targets = ids
      ? ids
      : [...scheduler.messages()]
          .filter((m) => m.kind === "message")
          .filter((m) =>
            filters.every(([name, value]) => (name === "flowControlKey" ? m.flowControl?.key : m[name]) === value),
          )
          .map((m) => m.messageId);
    let cancelled = 0;
    for (const id of targets) if (scheduler.cancel(id)) cancelled++;
    return c.json({ cancelled });
  });

  app.get("/v2/dlq", (c) => c.json({ messages: scheduler.dlqEntries() }));
  app.delete("/v2/dlq/:id", (c) => {
    const entries = scheduler.dlqEntries();
    const index = entries.findIndex((e) => e.dlqId === c.req.param("id"));
    if (index < 0) return c.json({ error: "dlq message not found" }, 404);
    entries.splice(index, 1);
    return c.body(null, 200);
  });

  app.get("/v2/flowControl/:key", (c) => {
    const flow = gates.flows.get(c.req.param("key"));
    if (!flow) return c.json({ error: "flow control key not found" }, 404);
    const waiting = [...scheduler.messages()].filter(
      (m) => m.flowControl?.key === flow.key && m.state !== "ACTIVE",
    ).length;
    return c.json(flowControlView(flow, waiting));
  });
}

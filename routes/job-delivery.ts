import { Hono } from "hono";
import { envelopeResponse } from "../src/http/response/envelope.ts";
import { routePolicy } from "../src/http/request/describe.ts";
import type { JobReceiver } from "../src/transport/qstash-receiver.ts";
import type { AppEnv } from "../src/http/env.ts";

/**
 * `POST /_jobs/{queue}` (role `worker`): where QStash delivers job messages. A thin adapter: the
 * receiving half of the transport (src/transport/qstash-receiver.ts) decides everything from the raw body.
 */
export function jobDeliveryRoutes(receiver: JobReceiver) {
  const delivery = routePolicy({ class: "critical", cache: "uncacheable", responseCache: false, varyAccept: false });
  return new Hono<AppEnv>().post("/_jobs/:queue", delivery, async (c) => {
    const receipt = await receiver.receive({
      queue: c.req.param("queue"),
      signature: c.req.header("upstash-signature"),
      body: await c.req.text(),
      retried: Number(c.req.header("upstash-retried") ?? "0"),
    });
    if (receipt.status === 200) return c.json(receipt.body);
    const res = envelopeResponse(receipt.status, receipt.body);
    // QStash's "do not retry" answer.
    if (receipt.nonRetryable) res.headers.set("Upstash-NonRetryable-Error", "true");
    return res;
  });
}

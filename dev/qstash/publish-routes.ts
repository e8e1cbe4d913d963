/** `POST /v2/publish/<destination>`, `POST /v2/enqueue/<queue>/<destination>`, `POST /v2/batch`. */
import { accept } from "./accept.ts";
import type { App, AppDeps } from "./app-types.ts";

/**
 * The destination is the raw rest of the path plus the query string: the SDK appends the URL unencoded, so its
 * query string became ours (`/v2/publish/http://host/run?x=1`). Hono's decoded params would lose that.
 */
function rawRemainder(requestUrl: string, prefix: string): string {
  const url = new URL(requestUrl);
  return url.pathname.slice(prefix.length) + url.search;
}

export function registerPublishRoutes(app: App, deps: AppDeps): void {
  app.post("/v2/publish/*", async (c) => {
    const result = await accept(deps, {
      destination: rawRemainder(c.req.url, "/v2/publish/"),
      headers: c.req.raw.headers,
      body: new Uint8Array(await c.req.arrayBuffer()),
      callerIp: c.env.callerIp,
    });
    return c.json(result.body, result.status);
  });

  app.post("/v2/enqueue/*", async (c) => {
    const rest = rawRemainder(c.req.url, "/v2/enqueue/");
    const slash = rest.indexOf("/");
    if (slash <= 0) return c.json({ error: "expected /v2/enqueue/<queue>/<destination>" }, 400);
    const result = await accept(deps, {
      destination: rest.slice(slash + 1),
      queueName: decodeURIComponent(rest.slice(0, slash)),
      headers: c.req.raw.headers,
      body: new Uint8Array(await c.req.arrayBuffer()),
      callerIp: c.env.callerIp,
    });
    return c.json(result.body, result.status);
  });

  // Items are independent: a bad one gets an error entry and the others are still sent.
  app.post("/v2/batch", async (c) => {
    let items: unknown;
    try {
      items = await c.req.json();
    } catch {
      return c.json({ error: "batch body must be a JSON array" }, 400);
    }
    if (!Array.isArray(items)) return c.json({ error: "batch body must be a JSON array" }, 400);
    const results: unknown[] = [];
    for (const item of items as unknown[]) {
      if (
        typeof item !== "object" ||
        item === null ||
        typeof (item as { destination?: unknown }).destination !== "string"
      ) {
        results.push({ error: "batch item needs a destination" });
        continue;
      }
      const { destination, headers, body, queue } = item as {
        destination: string;
        headers?: Record<string, string>;
        body?: string;
        queue?: string;
      };
      const result = await accept(deps, {
        destination,
        queueName: queue,
        headers: new Headers(headers ?? {}),
        body: new TextEncoder().encode(body ?? ""),
        callerIp: c.env.callerIp,
      });
      results.push(result.body);
    }
    return c.json(results, 200);
  });
}

/** The QStash-compatible HTTP surface: bearer auth, then publish and admin routes; errors as `{"error": …}`. */
import { Hono } from "hono";
import { registerAdminRoutes } from "./admin-routes.ts";
import { registerPublishRoutes } from "./publish-routes.ts";
import type { App, AppDeps, AppEnv } from "./app-types.ts";

export function createQStashApp(deps: AppDeps): App {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${deps.token}`) return c.json({ error: "Unauthorized" }, 401);
    await next();
  });
  registerPublishRoutes(app, deps);
  registerAdminRoutes(app, deps);
  app.notFound((c) =>
    c.json({ error: `not supported by the local QStash: ${c.req.method} ${new URL(c.req.url).pathname}` }, 404),
  );
  app.onError((error, c) => c.json({ error: error.message }, 500));
  return app;
}

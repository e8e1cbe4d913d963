import { ShedError } from "./lanes.ts";
import type { MiddlewareHandler } from "hono";
import type { Admission } from "./lanes.ts";
import type { AppEnv } from "../env.ts";

/**
 * Admission by the criticality class of the matched route (its policy's `lane`). The slot is taken when
 * the route asks for it (`c.var.admit()`: `runJob` does, once it knows the answer is not already kept; routes that work
 * without a job call it themselves), held until the response is sent, and a refusal is a ShedError
 * that `app.onError` renders as the 503 envelope with `Retry-After`. So an answer kept in memory (a
 * repeated statistical map, a finished feature download) is served even while its class is saturated,
 * and only new work waits or is shed. Mounted after the caches, which answer before any route runs.
 */
export function admission(control: Admission, onShed?: (lane: string) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const lane = c.get("policy").lane;
    let release: (() => void) | undefined;
    let asked: Promise<void> | undefined;
    const admit = () => {
      asked ??= control.acquire(lane).then(
        (r) => {
          release = r;
        },
        (err: unknown) => {
          if (err instanceof ShedError) onShed?.(lane);
          throw err;
        },
      );
      return asked;
    };
    c.set("admit", admit);
    try {
      await next();
    } finally {
      release?.();
    }
  };
}
